import Foundation
import Hummingbird
import Logging
import Platform
import PlatformStore

/// Registers UI handlers on a router of any request context, doing for each
/// request what every page needs: the browser's cookie and form token, the
/// form's token check on a post, sign-in, error pages, security headers.
struct UIRouter<Context: RequestContext> {
    typealias Handler = @Sendable (UIRequest) async throws -> UIResponse

    let router: Router<Context>
    let responder: UIResponder<Context>

    init(router: Router<Context>, ui: PlatformUI) {
        self.router = router
        self.responder = UIResponder(ui: ui)
    }

    /// A page anyone may see (with sign-in on, the others need a session).
    func get(_ path: RouterPath, open: Bool = false, _ handler: @escaping Handler) {
        let responder = self.responder
        router.get(path) { request, context in
            await responder.respond(request, context, isPost: false, open: open, handler)
        }
    }

    /// A form post: its token is checked before `handler` runs.
    func post(_ path: RouterPath, open: Bool = false, _ handler: @escaping Handler) {
        let responder = self.responder
        router.post(path) { request, context in
            await responder.respond(request, context, isPost: true, open: open, handler)
        }
    }
}

/// What every UI request goes through (see ``UIRouter``).
struct UIResponder<Context: RequestContext>: Sendable {
    typealias Handler = UIRouter<Context>.Handler

    let ui: PlatformUI

    func respond(_ request: Request, _ context: Context, isPost: Bool, open: Bool, _ handler: Handler) async -> Response {
        let cookies = request.cookies
        let existingBrowser = cookies[BrowserTokens.browserCookie]?.value
        let browserID = existingBrowser.flatMap { BrowserTokens.isBrowserID($0) ? $0 : nil } ?? BrowserTokens.newBrowserID()
        let isNewBrowser = browserID != existingBrowser
        let now = ui.now
        let user =
            ui.options.signIn == nil
            ? nil
            : cookies[BrowserTokens.sessionCookie].flatMap { ui.tokens.user(fromSession: $0.value, now: now) }
        let flash = cookies[Flash.cookie].flatMap { Flash(cookieValue: $0.value) }
        var uiRequest = UIRequest(
            request: request, parameters: context.parameters,
            query: FormData(encoded: request.uri.query ?? ""), form: FormData(),
            csrf: ui.tokens.formToken(browser: browserID), user: user, flash: flash, now: now,
            fileBody: { path in try await FileIO().loadFile(path: path, context: context) })
        var response: Response
        do {
            if ui.options.signIn != nil, user == nil, !open {
                let back = isPost ? "/" : uiRequest.pathAndQuery
                response = redirect(
                    to: "/signin?next=\(back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")",
                    flash: nil)
            } else {
                if isPost {
                    var request = request
                    let body = try await request.collectBody(upTo: context.maxUploadSize)
                    uiRequest.request = request
                    uiRequest.form = FormData(encoded: String(buffer: body))
                    guard !isNewBrowser, let token = uiRequest.form[BrowserTokens.formField],
                        ui.tokens.isValid(formToken: token, browser: browserID)
                    else {
                        throw UIError.forbidden(
                            """
                            This form has expired or did not come from this site, so nothing was changed. \
                            Go back, reload the page and try again.
                            """)
                    }
                }
                response = try await render(try await handler(uiRequest), for: uiRequest)
            }
        } catch {
            response = render(error, for: uiRequest)
        }
        if isNewBrowser {
            response.setCookie(Cookie(name: BrowserTokens.browserCookie, value: browserID, path: "/", httpOnly: true, sameSite: .lax))
        }
        if flash != nil, response.headers[.setCookie]?.contains(Flash.cookie) != true {
            response.setCookie(Cookie(name: Flash.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        }
        Self.secure(&response)
        return response
    }

    private func render(_ answer: UIResponse, for request: UIRequest) async throws -> Response {
        switch answer {
        case .page(let page):
            return html(page, for: request)
        case .redirect(let path, let flash):
            return redirect(to: path, flash: flash)
        case .json(let data, let status):
            return Response(
                status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        case .response(let response):
            return response
        }
    }

    func html(_ page: HTMLPage, for request: UIRequest) -> Response {
        let text = ui.renderer.render("layout", LayoutView(page: page, request: request, signInEnabled: ui.options.signIn != nil))
        return Response(
            status: page.status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    func redirect(to path: String, flash: Flash?) -> Response {
        // Only paths of this site: never an absolute URL a form could smuggle in.
        let target = path.hasPrefix("/") && !path.hasPrefix("//") ? path : "/"
        var response = Response(status: .seeOther, headers: [.location: target])
        if let flash {
            response.setCookie(Cookie(name: Flash.cookie, value: flash.cookieValue, path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// An error page: what went wrong in words a person can act on.
    private func render(_ error: any Error, for request: UIRequest) -> Response {
        let (status, title, message): (HTTPResponse.Status, String, String)
        switch error {
        case let error as UIError:
            (status, title, message) = (error.status, error.title, error.message)
        case let error as PlatformError:
            switch error.code {
            case .notFound: (status, title, message) = (.notFound, "Not found", error.message)
            case .invalidInput: (status, title, message) = (.unprocessableContent, "That did not work", error.description)
            case .conflict: (status, title, message) = (.conflict, "That did not work", error.description)
            case .connectorFailed: (status, title, message) = (.badGateway, "The connector failed", error.description)
            default:
                ui.logger.error("a page failed", metadata: ["error": "\(String(reflecting: error))"])
                (status, title, message) = (.internalServerError, "Something went wrong", error.message)
            }
        case let error as HTTPError:
            (status, title, message) = (error.status, "That did not work", error.body ?? error.status.reasonPhrase)
        default:
            ui.logger.error("a page failed", metadata: ["error": "\(String(reflecting: error))"])
            (status, title, message) = (
                .internalServerError, "Something went wrong", "The server could not show this page; its log says why."
            )
        }
        let body = ui.renderer.render("error", ErrorView(title: title, message: message, status: Int(status.code)))
        return html(HTMLPage(title: title, section: .none, body: body, status: status), for: request)
    }

    /// Headers every answer carries: no scripts or styles but the UI's own, no framing, no sniffing
    /// (the layout's `referrer` meta keeps URLs from leaving the site).
    static func secure(_ response: inout Response) {
        response.headers[.contentSecurityPolicy] = """
            default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
            object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'
            """
        response.headers[.xContentTypeOptions] = "nosniff"
    }
}

/// What the error page shows.
struct ErrorView {
    var title: String
    var message: String
    var status: Int
}

/// A request the UI refuses, with a message for the person.
struct UIError: Error {
    var status: HTTPResponse.Status
    var title: String
    var message: String

    static func forbidden(_ message: String) -> UIError { UIError(status: .forbidden, title: "Not allowed", message: message) }
    static func notFound(_ message: String) -> UIError { UIError(status: .notFound, title: "Not found", message: message) }
    static func badRequest(_ message: String) -> UIError { UIError(status: .badRequest, title: "That did not work", message: message) }
}
