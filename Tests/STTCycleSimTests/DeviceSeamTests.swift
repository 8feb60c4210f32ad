import Foundation
import Testing

/// The device seam holds: no code outside the device files (`Sources/MemorySystem/Device/`)
/// and the preset data (`DevicePresets.swift`) names a technology case or asks "is it MLC".
@Suite struct DeviceSeamTests {
    @Test func noTechnologyBranchOutsideTheDeviceFiles() throws {
        let root = BinaryRunner.packageRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        let allowed = ["MemorySystem/Device/", "MemorySystem/Spec/DevicePresets.swift"]
        let patterns = [".mlcSTTRAM", ".slcSTTRAM", ".gddr5x", "isMLC", "technology ==", "technology !="]
        var offending: [String] = []
        for f in files where !allowed.contains(where: { f.hasPrefix($0) }) {
            let text = try String(contentsOf: root.appendingPathComponent(f), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.components(separatedBy: "//").first ?? ""
                for p in patterns where code.contains(p) && !code.contains("DevicePresets.") {
                    offending.append("\(f):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offending.isEmpty, "technology branches outside the device files:\n\(offending.joined(separator: "\n"))")
    }
}
