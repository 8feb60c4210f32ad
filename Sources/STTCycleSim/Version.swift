/// The simulator's version, printed by `--version` and recorded in sweep manifests.
public enum STTCycleSimVersion {
    public static let string = "0.1.0"
}
