import CLIKit
import MemorySystem

/// Bad input found while building configurations: every message names the parameter
/// (or file) and how to fix it.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public var messages: [String]
    public init(_ messages: [String]) { self.messages = messages }
    public init(_ message: String) { self.messages = [message] }
    public var description: String { messages.map { "error: \($0)" }.joined(separator: "\n") }
}

public enum ConfigResolution {
    /// The effective configuration of each preset: the preset, overlaid by `configFile`,
    /// then by `overrides` in order; `seed` (when given) wins over all. Each must validate.
    /// `gpu` names a GPU part (`GPUPresets`), applied to the preset before the file and overrides.
    public static func resolve(presets: [String], system: String = "gpu", gpu: String? = nil, configFile: String?,
                               overrides: [KeyValue],
                               seed: UInt64?) throws -> [SystemConfig] {
        guard let systemSpec = SystemPresets.named(system) else {
            throw InputError("unknown system '\(system)'; choose from \(SystemPresets.names.joined(separator: ", ")) (see --list-presets)")
        }
        var out: [SystemConfig] = []
        let part = try gpu.map { name in
            guard let p = GPUPresets.named(name) else {
                throw InputError("unknown GPU '\(name)'; choose from \(GPUPresets.names.joined(separator: ", ")) (see --list-gpus)")
            }
            return p
        } ?? GPUPresets.named(GPUPresets.defaultName)!
        for name in presets {
            guard var base = MemoryAxis.configuration(name, system: systemSpec) else {
                let fits = MemoryAxis.names(for: systemSpec.kind).joined(separator: ", ")
                if MemoryAxis.allNames.contains(name) {
                    throw InputError("--memory \(name) does not apply to --system \(system); for \(system) choose from \(fits) (see --list-presets)")
                }
                throw InputError("unknown preset '\(name)'; choose from \(fits) (see --list-presets)")
            }
            base.neurotrainer = SystemPresets.neurotrainer(system)
            if systemSpec.kind != .systolic && !Presets.ownBus.contains(name) { part.apply(to: &base) }
            // The NeuroTrainer's vaults: one per PE plus the common-data vault.
            if let nt = base.neurotrainer { base.memory.channels = nt.pes + 1 }
            var cfg: SystemConfig
            do {
                cfg = try ConfigCodec.resolve(base, configFile: configFile, overrides: overrides)
            } catch {
                var text = "\(error)"
                if text.hasPrefix("error: ") { text.removeFirst(7) }
                throw InputError(text)
            }
            if let seed { cfg.seed = seed }
            let problems = cfg.validate()
            if !problems.isEmpty {
                throw InputError(problems.map { "config '\(name)': \($0)" })
            }
            out.append(cfg)
        }
        return out
    }
}
