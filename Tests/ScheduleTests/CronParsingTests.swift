import Foundation
import Testing
@testable import Schedule

@Suite struct CronParsingTests {
    @Test func dialectFollowsFieldCount() throws {
        #expect(try CronExpression("0 2 * * 1-5").dialect == .unix)
        #expect(try CronExpression("0 0 12 * * ?").dialect == .quartz)
        #expect(try CronExpression("0 0 12 * * ? 2030").dialect == .quartz)
        #expect(try CronExpression("@daily").dialect == .unix)
    }
}
