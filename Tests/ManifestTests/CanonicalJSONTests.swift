import Manifest
import Testing

@Suite("canonical JSON")
struct CanonicalJSONTests {
    @Test func sortsKeysByCodePoint() throws {
        let value = try JSONParser.parse(Array(#"{"b": 1, "a": [true, null, "x"], "é": 2, "Z": -3}"#.utf8))
        let canonical = String(decoding: try CanonicalJSON.encode(value), as: UTF8.self)
        #expect(canonical == #"{"Z":-3,"a":[true,null,"x"],"b":1,"é":2}"#)
    }
}
