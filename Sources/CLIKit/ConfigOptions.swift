/// The standard config options, to list in a command's `options` so every tool spells
/// them the same way:
///
/// ```
/// static let configuration = CommandConfiguration(name: "stt-cyclesim", abstract: "…",
///                                                 options: [workload, batch] + ConfigOptions.all)
/// init(from parsed: ParsedArguments) throws(UsageError) {
///     configFile = parsed[ConfigOptions.config]
///     overrides = parsed[ConfigOptions.set]
///     dumpConfig = parsed[ConfigOptions.dumpConfig]
/// }
/// // later: let config = try ConfigCodec.resolve(preset, configFile: configFile, overrides: overrides)
/// ```
public enum ConfigOptions {
    /// `--config FILE`: a JSON config; a partial one overlays the preset key by key.
    public static let config = Option<String>(
        "--config", short: "-c", valueName: "FILE",
        help: "Load a JSON config; keys it omits keep the preset's values.")
    /// `--set KEY=VALUE`, repeatable, applied after `--config` in order.
    public static let set = MultiOption<KeyValue>(
        "--set", valueName: "KEY=VALUE",
        help: "Override one config key by dotted path (e.g. memory.timing.tRCD=15); applied after --config.",
        style: .repeated, parser: .keyValue)
    /// `--dump-config`: print the resolved config as sorted, pretty JSON and exit 0.
    public static let dumpConfig = Flag(
        "--dump-config", help: "Print the resolved config as JSON (loadable with --config) and exit.")

    /// All three, in help order.
    public static var all: [any OptionDeclaration] { [config, set, dumpConfig] }
}
