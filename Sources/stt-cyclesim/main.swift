import CLIKit
import STTCycleSim
#if canImport(Glibc)
import Glibc
#endif

SignalGuard.install()
let command = SimulateCommand.parseOrExit()
let code = CommandRunner(command: command).run()
exit(code.rawValue)
