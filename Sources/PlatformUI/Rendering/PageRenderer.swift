import Mustache

/// The templates, parsed once, and how a page is put in the layout.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Parses every template of ``Templates``.
    ///
    /// - Throws: the parser's error naming the template: a broken template is a bug the tests catch.
    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Templates.all {
            do {
                try library.register(text, named: name)
            } catch {
                throw TemplateError(template: name, underlying: error)
            }
        }
        self.library = library
    }

    /// `object` rendered with template `name`, every `{{variable}}` HTML-escaped.
    func render(_ name: String, _ object: Any) -> String {
        library.render(object, withTemplate: name) ?? "<p>missing template \(HTML.escape(name))</p>"
    }
}

/// A template does not parse.
struct TemplateError: Error, CustomStringConvertible {
    var template: String
    var underlying: any Error
    var description: String { "the UI template \(template) does not parse: \(underlying)" }
}

/// What the layout shows around a page: title, navigation, who is signed in, a message.
struct LayoutView {
    struct NavItem {
        var href: String
        var label: String
        var current: Bool
    }

    var title: String
    var body: String
    var nav: [NavItem]
    var user: String?
    var csrf: String
    var notice: String?
    var alert: String?
    var autoRefresh: Int?
    // Mustache sees stored properties only (it reads them through Mirror).
    var hasNav: Bool
    var assetVersion = AssetRoutes.version

    init(page: HTMLPage, request: UIRequest, signInEnabled: Bool) {
        title = page.title
        body = page.body
        let items: [(HTMLPage.Section, String, String)] = [
            (.connections, "/", "Connections"), (.sources, "/sources", "Sources"),
            (.destinations, "/destinations", "Destinations"), (.settings, "/settings", "Settings"),
        ]
        nav = signInEnabled && request.user == nil ? [] : items.map { NavItem(href: $0.1, label: $0.2, current: $0.0 == page.section) }
        hasNav = !nav.isEmpty
        user = request.user
        csrf = request.csrf
        notice = request.flash?.kind == .notice ? request.flash?.text : nil
        alert = request.flash?.kind == .alert ? request.flash?.text : nil
        autoRefresh = page.autoRefresh
    }
}
