import Foundation
import Hummingbird
import Logging

/// `/signin` and `/signout`, when the server requires credentials: the same
/// users as the API's basic auth; a session is a signed cookie.
struct SignInRoutes {
    let ui: PlatformUI

    struct View {
        var csrf: String
        var next: String
        var user: String
        var failed: Bool
    }

    func add<Context>(to routes: UIRouter<Context>) {
        routes.get("/signin", open: true) { request in
            guard ui.options.signIn != nil else { return .redirect("/", nil) }
            return .page(page(View(csrf: request.csrf, next: Self.safeNext(request.query["next"]), user: "", failed: false)))
        }

        routes.post("/signin", open: true) { request in
            guard let signIn = ui.options.signIn else { return .redirect("/", nil) }
            let user = request.form["user"] ?? ""
            let next = Self.safeNext(request.form["next"])
            guard !user.isEmpty, await signIn.verify(user, request.form["password"] ?? "") else {
                ui.logger.notice("a sign-in failed", metadata: ["user": "\(user)"])
                var page = page(View(csrf: request.csrf, next: next, user: user, failed: true))
                page.status = .unauthorized
                return .page(page)
            }
            let expires = request.now.addingTimeInterval(Double(signIn.sessionLifetime.components.seconds))
            var response = Response(status: .seeOther, headers: [.location: next])
            response.setCookie(
                Cookie(
                    name: BrowserTokens.sessionCookie, value: ui.tokens.session(user: user, expires: expires),
                    expires: expires, path: "/", httpOnly: true, sameSite: .lax))
            return .response(response)
        }

        routes.post("/signout", open: true) { _ in
            var response = Response(status: .seeOther, headers: [.location: ui.options.signIn == nil ? "/" : "/signin"])
            response.setCookie(Cookie(name: BrowserTokens.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
            return .response(response)
        }
    }

    func page(_ view: View) -> HTMLPage {
        HTMLPage(title: "Sign in", section: .none, body: ui.renderer.render("signIn", view))
    }

    /// Where to go after signing in: a path of this site only.
    static func safeNext(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\") else { return "/" }
        return text
    }
}
