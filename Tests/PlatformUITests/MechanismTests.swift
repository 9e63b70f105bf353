import Foundation
import PlatformStore
import Testing

@testable import PlatformUI

/// The small mechanisms the pages rest on: form decoding, signed tokens, escaping, formats, templates.
@Suite struct MechanismTests {
    @Test func formDataDecodesBrowsersEncoding() {
        let form = FormData(encoded: "name=two+words&c%2Fkey=%3Cx%3E+%26+y&flag=false&flag=true&empty=&bare")
        #expect(form["name"] == "two words")
        #expect(form["c/key"] == "<x> & y")
        #expect(form["flag"] == "true" && form.all("flag") == ["false", "true"])
        #expect(form["empty"] == "" && form.trimmed("empty") == nil)
        #expect(form.contains("bare") && !form.contains("missing"))
    }

    @Test func formTokensBelongToTheirBrowser() {
        let tokens = BrowserTokens(key: Array(repeating: 7, count: 32))
        let browser = BrowserTokens.newBrowserID()
        #expect(BrowserTokens.isBrowserID(browser))
        let token = tokens.formToken(browser: browser)
        #expect(tokens.isValid(formToken: token, browser: browser))
        #expect(!tokens.isValid(formToken: token, browser: BrowserTokens.newBrowserID()))
        #expect(!BrowserTokens(key: Array(repeating: 8, count: 32)).isValid(formToken: token, browser: browser))
        #expect(!tokens.isValid(formToken: "", browser: browser))
    }

    @Test func sessionsAreSignedAndExpire() {
        let tokens = BrowserTokens(key: Array(repeating: 7, count: 32))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let session = tokens.session(user: "ada; admin=1", expires: now.addingTimeInterval(60))
        #expect(tokens.user(fromSession: session, now: now) == "ada; admin=1")
        #expect(tokens.user(fromSession: session, now: now.addingTimeInterval(61)) == nil)
        var parts = session.split(separator: ".").map(String.init)
        parts[0] = BrowserTokens.base64URL(Data("root".utf8))
        #expect(tokens.user(fromSession: parts.joined(separator: "."), now: now) == nil)
        #expect(!session.contains(";") && !session.contains(" "), "a cookie value")
    }

    @Test func escapingCoversAttributesAndText() {
        #expect(HTML.escape(#"<a href="x" onclick='y'>&</a>"#) == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
    }

    @Test func formatsAreLocaleIndependent() {
        #expect(Format.count(Int64(1_234_567)) == "1,234,567")
        #expect(Format.count(Int64(-1000)) == "-1,000")
        #expect(Format.count(Int64(999)) == "999")
        #expect(Format.duration(0.42) == "0.4 s")
        #expect(Format.duration(185) == "3 min 5 s")
        #expect(Format.duration(7300) == "2 h 1 min")
        #expect(Format.dateTime(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00 UTC")
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(Format.relative(now.addingTimeInterval(3 * 3600), now: now) == "in 3 h")
        #expect(Format.relative(now.addingTimeInterval(-300), now: now) == "5 min ago")
        let paris = TimeZone(identifier: "Europe/Paris")!
        #expect(
            Format.scheduleTime(Date(timeIntervalSince1970: 1_714_955_400), zone: paris, zoneName: "Europe/Paris")
                == "Mon 2024-05-06 02:30 Europe/Paris")
    }

    @Test func everyTemplateParses() throws {
        let renderer = try PageRenderer()
        for name in Templates.all.keys { #expect(renderer.library.getTemplate(named: name) != nil, "\(name)") }
    }

    @Test func statusesCarryAWordAndASymbol() {
        for status in JobStatus.allCases {
            let badge = StatusBadge(job: status)
            #expect(!badge.icon.isEmpty && !badge.label.isEmpty)
        }
        #expect(Set(JobStatus.allCases.map { StatusBadge(job: $0).icon }).count == JobStatus.allCases.count)
    }

    @Test func pagerSaysWhereItIs() throws {
        let pager = try #require(PagerView(label: "x", number: 2, size: 10, total: 25) { "/?page=\($0)" })
        #expect(pager.summary == "11–20 of 25" && pager.previous == "/?page=1" && pager.next == "/?page=3")
        #expect(PagerView(label: "x", number: 1, size: 10, total: 10) { "\($0)" } == nil)
    }
}
