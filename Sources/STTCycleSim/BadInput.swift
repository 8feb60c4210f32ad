import Workloads
import DataValues

/// Errors caused by the user's input (a trace, a workload, values, a configuration): the
/// executable reports them and exits with status 2. The library's input errors conform
/// here, so the executable needs no import of the layers that raise them.
public protocol BadInput: Error, CustomStringConvertible {}

extension TraceError: BadInput {}
extension FrontEndError: BadInput {}
extension WorkloadError: BadInput {}
extension ValueError: BadInput {}
