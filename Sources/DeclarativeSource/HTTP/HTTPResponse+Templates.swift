internal import AirbyteProtocol
internal import Jinja

extension HTTPResponse {
    /// The body as error handlers' templates read `response`: the JSON body, or `{}` when it
    /// is not JSON (`_safe_response_json`).
    var templateBody: JinjaValue {
        (try? JSONValue(parsing: body)).map(JinjaValue.init) ?? .dict([(String, JinjaValue)]())
    }

    /// The headers as templates read `headers`: a mapping looked up without case, as
    /// `requests`' `CaseInsensitiveDict`.
    var templateHeaders: JinjaValue {
        .caseInsensitiveDict(headers.map { ($0.0, .string($0.1)) })
    }
}
