import Testing
@testable import DataValues
