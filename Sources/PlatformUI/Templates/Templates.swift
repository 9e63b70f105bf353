/// Every template of the UI by name, compiled into the binary (no files to
/// find at run time, wherever the binary runs from). Each page's template is
/// in its own file beside this one; `{{variables}}` are HTML-escaped, and only
/// markup the UI builds itself (``Markup``) goes through `{{{triple}}}` tags.
enum Templates {
    static let all: [String: String] = [
        "layout": layout, "error": error, "status": status, "pager": pager,
        "connections": connections, "connection": connection, "job": job,
        "specField": specField, "fieldNotes": fieldNotes, "actors": actors, "connectorPicker": connectorPicker,
        "actorForm": actorForm, "confirmDelete": confirmDelete, "customConnector": customConnector,
        "scheduleEditor": scheduleEditor, "streamsEditor": streamsEditor, "connectionSettings": connectionSettings,
        "newConnection": newConnection, "configureConnection": configureConnection,
        "settings": settings, "signIn": signIn,
    ]
}
