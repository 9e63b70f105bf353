extension Templates {
    /// The frame of every page: skip link, navigation, one-time message, the page's body.
    static let layout = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="same-origin">
        <title>{{title}} · Swiftbyte</title>
        <link rel="stylesheet" href="/ui/style.css?v={{assetVersion}}">
        <link rel="icon" href="/ui/icon.svg?v={{assetVersion}}" type="image/svg+xml">
        <script src="/ui/app.js?v={{assetVersion}}" defer></script>
        {{#autoRefresh}}<noscript><meta http-equiv="refresh" content="{{autoRefresh}}"></noscript>{{/autoRefresh}}
        </head>
        <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">⇄</span> Swiftbyte</a>
          {{#hasNav}}
          <nav aria-label="Main">
            <ul>
              {{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}
            </ul>
          </nav>
          {{/hasNav}}
          {{#user}}
          <form method="post" action="/signout" class="signout">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <span class="muted">Signed in as {{user}}</span>
            <button type="submit" class="button small">Sign out</button>
          </form>
          {{/user}}
        </header>
        <main id="main" tabindex="-1">
        {{#notice}}<div class="flash flash-notice" role="status"><span aria-hidden="true">✓</span> {{notice}}</div>{{/notice}}
        {{#alert}}<div class="flash flash-alert" role="alert"><span aria-hidden="true">✕</span> {{alert}}</div>{{/alert}}
        {{{body}}}
        </main>
        <footer class="site-footer muted">Swiftbyte · <a href="/api/public/v1/openapi.json">API</a></footer>
        </body>
        </html>
        """#

    /// A page that could not be shown.
    static let error = #"""
        <h1>{{title}}</h1>
        <div class="flash flash-alert" role="alert"><span aria-hidden="true">✕</span> <span class="pre-line">{{message}}</span></div>
        <p><a href="/">Back to the connections</a></p>
        """#

    /// A status: an icon and a word, coloured by tone (``StatusBadge``).
    static let status = #"""
        <span class="status status-{{tone}}"><span class="status-icon" aria-hidden="true">{{icon}}</span> {{label}}</span>
        """#

    /// Links to the previous and next pages of a list (``PagerView``).
    static let pager = #"""
        <nav class="pager" aria-label="{{label}}">
          {{#previous}}<a class="button small" href="{{previous}}" rel="prev">← {{previousLabel}}</a>{{/previous}}
          <span class="muted">{{summary}}</span>
          {{#next}}<a class="button small" href="{{next}}" rel="next">{{nextLabel}} →</a>{{/next}}
        </nav>
        """#
}
