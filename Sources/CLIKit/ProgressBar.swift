/// A one-line progress bar on stderr, drawn only when stderr is a terminal and at
/// most once per `minimumInterval` (default 0.1 s, i.e. ≤ 10 redraws per second).
/// When disabled every call returns after one branch, so a run may call `update`
/// from its main loop (say every few thousand events) at no measurable cost.
///
/// ```
/// var progress = ProgressBar(label: "resnet18", total: layerCount)
/// for layer in 0..<layerCount { simulate(layer); progress.update(UInt64(layer + 1)) }
/// progress.finish()
/// ```
public struct ProgressBar: Sendable {
    public var label: String
    public var total: UInt64
    /// Whether anything is drawn; defaults to `Stderr.isTerminal` so logs and pipes stay clean.
    public var isEnabled: Bool
    public var minimumInterval: Duration
    /// Bar width in characters, between the brackets.
    public var width: Int
    private let output: @Sendable (String) -> Void
    private var lastDraw: ContinuousClock.Instant?
    private var drewSomething = false

    /// - Parameter output: where text goes; stderr unless a test captures it.
    public init(label: String, total: UInt64, isEnabled: Bool = Stderr.isTerminal,
                minimumInterval: Duration = .milliseconds(100), width: Int = 30,
                output: @escaping @Sendable (String) -> Void = { Stderr.write($0) }) {
        self.label = label
        self.total = total
        self.isEnabled = isEnabled
        self.minimumInterval = minimumInterval
        self.width = max(1, width)
        self.output = output
    }

    /// Reports `completed` units done; redraws if enabled and the interval has passed.
    public mutating func update(_ completed: UInt64) {
        guard isEnabled else { return }
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < minimumInterval { return }
        lastDraw = now
        drewSomething = true
        output("\r" + render(completed))
    }

    /// Draws the final state and ends the line (only if the bar was ever drawn).
    public mutating func finish() {
        guard isEnabled, drewSomething else { return }
        output("\r" + render(total) + "\n")
        drewSomething = false
    }

    /// `label [##########--------------------]  33% 1/3`, clamped to 0...100 %.
    public func render(_ completed: UInt64) -> String {
        let done = min(completed, total)
        let fraction = total == 0 ? 1.0 : Double(done) / Double(total)
        let filled = min(width, Int(fraction * Double(width)))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = String(Int(fraction * 100))
        let padded = String(repeating: " ", count: max(0, 3 - percent.count)) + percent
        return "\(label) [\(bar)] \(padded)% \(Format.grouped(done))/\(Format.grouped(total))"
    }
}
