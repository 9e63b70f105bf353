import Foundation
import Platform
import PlatformStore

/// A small chart of a connection's recent jobs, drawn on the server as SVG:
/// a bar per job for the records it committed, a line for how long it took.
/// Each bar links to its job and names it in a tooltip; failed and cancelled
/// jobs are hatched and marked with their symbol, not told by colour alone.
struct JobChart {
    struct Point {
        var jobID: JobID
        var status: JobStatus
        var records: Int64
        var seconds: Double
        var when: Date
    }

    var points: [Point]

    static let width = 640.0
    static let height = 180.0
    static let plotTop = 24.0
    static let plotBottom = 150.0
    static let plotLeft = 8.0
    static let plotRight = 632.0

    /// The chart of `jobs` (newest first, as histories list them), oldest on the left.
    init(jobs: [JobDetails], now: Date) {
        points = jobs.reversed().map { details in
            Point(
                jobID: details.job.id, status: details.job.status, records: details.totals.recordsCommitted,
                seconds: details.duration(now: now) ?? 0, when: details.job.createdAt)
        }
    }

    /// The SVG; `nil` when there is no job to draw.
    var markup: Markup? {
        guard !points.isEmpty else { return nil }
        let maxRecords = max(1, points.map(\.records).max() ?? 1)
        let maxSeconds = max(1, points.map(\.seconds).max() ?? 1)
        let slot = (Self.plotRight - Self.plotLeft) / Double(max(points.count, 1))
        let barWidth = max(2, min(28, slot * 0.7))
        let plotHeight = Self.plotBottom - Self.plotTop
        let mostRecords = points.max { $0.records < $1.records }
        let longest = points.max { $0.seconds < $1.seconds }
        let failed = points.filter { $0.status == .failed }.count
        let summary =
            "\(points.count) most recent jobs. Most records: \(Format.count(maxRecords))"
            + (mostRecords.map { " (job \($0.jobID))" } ?? "") + ". Longest: \(Format.duration(maxSeconds))"
            + (longest.map { " (job \($0.jobID))" } ?? "") + ". Failed: \(failed)."
        var svg = """
            <svg class="job-chart" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" role="img" \
            aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="chart-title">Records and duration of recent jobs</title>
            <desc id="chart-desc">\(HTML.escape(summary))</desc>
            <defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <rect class="hatch-bg" width="6" height="6"/><line class="hatch-line" x1="0" y1="0" x2="0" y2="6"/></pattern></defs>
            <line class="axis" x1="\(Self.plotLeft)" y1="\(Self.plotBottom)" x2="\(Self.plotRight)" y2="\(Self.plotBottom)"/>
            <text class="axis-label" x="\(Self.plotLeft)" y="14">\(HTML.escape(Format.count(maxRecords))) records</text>
            <text class="axis-label" x="\(Self.plotRight)" y="14" text-anchor="end">\(HTML.escape(Format.duration(maxSeconds)))</text>

            """
        var line: [String] = []
        for (index, point) in points.enumerated() {
            let center = Self.plotLeft + slot * (Double(index) + 0.5)
            let barHeight = max(point.records > 0 ? 1 : 0, plotHeight * Double(point.records) / Double(maxRecords))
            let y = Self.plotBottom - barHeight
            let badge = StatusBadge(job: point.status)
            let tip =
                "Job \(point.jobID), \(Format.dateTime(point.when)): \(badge.label.lowercased()), "
                + "\(Format.count(point.records)) records, \(Format.duration(point.seconds))"
            let marked = point.status == .failed || point.status == .cancelled
            svg += """
                <a href="/jobs/\(point.jobID)" class="bar-link"><title>\(HTML.escape(tip))</title>\
                <rect class="bar bar-\(badge.tone)\(marked ? " bar-marked" : "")" x="\(Self.number(center - barWidth / 2))" \
                y="\(Self.number(y))" width="\(Self.number(barWidth))" height="\(Self.number(barHeight))"\
                \(marked ? " fill=\"url(#hatch)\"" : "")/>
                """
            if marked || point.records == 0 {
                svg += """
                    <text class="bar-mark" x="\(Self.number(center))" y="\(Self.number(Self.plotBottom - 4 - barHeight))" \
                    text-anchor="middle" aria-hidden="true">\(HTML.escape(badge.icon))</text>
                    """
            }
            svg += "</a>\n"
            line.append("\(Self.number(center)),\(Self.number(Self.plotBottom - plotHeight * point.seconds / maxSeconds))")
        }
        svg += "<polyline class=\"duration-line\" points=\"\(line.joined(separator: " "))\"/>\n"
        for point in line {
            let xy = point.split(separator: ",")
            svg += "<circle class=\"duration-dot\" cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2.5\"/>"
        }
        svg += """

            <g class="legend" aria-hidden="true">\
            <rect class="bar bar-success" x="\(Self.plotLeft)" y="164" width="10" height="10"/>\
            <text x="\(Self.plotLeft + 14)" y="173">records committed</text>\
            <line class="duration-line" x1="150" y1="169" x2="170" y2="169"/>\
            <text x="176" y="173">duration</text>\
            <rect class="bar bar-marked" x="250" y="164" width="10" height="10" fill="url(#hatch)"/>\
            <text x="264" y="173">failed or cancelled</text></g>
            </svg>
            """
        return Markup(text: svg)
    }

    private static func number(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
