import Testing

@testable import AirbyteProtocol

@Suite struct StateEchoLineTests {
    func echo(_ line: String, _ count: Double = 12) throws -> String {
        String(decoding: try AirbyteStateMessage.echoLine(of: Array(line.utf8), recordCount: count), as: UTF8.self)
    }

    @Test func addsDestinationStatsAfterTheLastStateMember() throws {
        #expect(
            try echo(#"{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"u"},"stream_state":{"c":1}}}}"#)
                == #"{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"u"},"stream_state":{"c":1}},"destinationStats":{"recordCount":12.0}}}"#
                + "\n")
    }

    @Test func keepsOddWhitespaceKeyOrderAndUnknownFieldsByteForByte() throws {
        let line =
            "  {\"state\" :\t{ \"data\" : { \"n\" : 1.50 } ,\"sourceStats\":{\"recordCount\":3.0}  } , \"id\": 7 ,\"type\" : \"STATE\" , \"x\":[1,{\"destinationStats\":0}] }\r\n"
        #expect(
            try echo(line, 3)
                == "{\"state\" :\t{ \"data\" : { \"n\" : 1.50 } ,\"sourceStats\":{\"recordCount\":3.0},\"destinationStats\":{\"recordCount\":3.0}  } , \"id\": 7 ,\"type\" : \"STATE\" , \"x\":[1,{\"destinationStats\":0}] }\n"
        )
    }

    @Test func replacesAnExistingDestinationStatsWhereItStands() throws {
        let line =
            #"{"type":"STATE","state":{"destinationStats" : {"recordCount": 99.0, "other": true},"type":"GLOBAL","global":{"stream_states":[]}},"id":1}"#
        #expect(
            try echo(line, 0)
                == #"{"type":"STATE","state":{"destinationStats" : {"recordCount":0.0},"type":"GLOBAL","global":{"stream_states":[]}},"id":1}"#
                + "\n")
    }

    @Test func fillsAnEmptyStateObject() throws {
        #expect(
            try echo(#"{"type":"STATE","state":{ }}"#, 1) == #"{"type":"STATE","state":{"destinationStats":{"recordCount":1.0} }}"# + "\n")
    }

    @Test func keysWithEscapesAndBracesInStringsAreHandled() throws {
        let line = #"{"type":"STATE","st\u0061te":{"data":{"k":"}{\"]["},"destination\u0053tats":{"recordCount":1.0}}}"#
        #expect(
            try echo(line, 5)
                == #"{"type":"STATE","st\u0061te":{"data":{"k":"}{\"]["},"destination\u0053tats":{"recordCount":5.0}}}"# + "\n")
    }

    @Test func echoParsesAsTheStateWithStats() throws {
        let line = #"{"type":"STATE","state":{"type":"LEGACY","data":{"a":"é😀"}},"id":"abc"}"#
        let echoed = try AirbyteStateMessage.echoLine(of: Array(line.utf8), recordCount: 1_234_567)
        let message = try AirbyteMessage(parsing: echoed.dropLast())
        guard case .state(let state) = message.payload else {
            Issue.record("not a state")
            return
        }
        #expect(state.destinationStats?.recordCount == 1_234_567)
        #expect(state.data == ["a": "é😀"])
        #expect(message.unknownFields["id"] == "abc")
    }

    @Test func rejectsWhatIsNotAStateLine() {
        #expect(throws: JSONParseError.self) { try echo(#"{"type":"STATE","state":{"#) }
        #expect { try echo(#"{"type":"LOG","log":{}}"#) } throws: { error in
            (error as? AirbyteDecodingError)?.path == "type"
        }
        #expect { try echo(#"{"type":"STATE"}"#) } throws: { error in
            (error as? AirbyteDecodingError) == AirbyteDecodingError(.missing, at: "state")
        }
        #expect { try echo(#"{"type":"STATE","state":[]}"#) } throws: { error in
            (error as? AirbyteDecodingError)?.problem == .wrongType(expected: "an object", found: "an array of 0 elements")
        }
    }
}
