internal import CCurl

#if canImport(Glibc)
    internal import Glibc
#endif

/// Downloads over HTTP and HTTPS with libcurl. One easy handle is reused for every request of an update, so the
/// connection to the repository is kept alive.
///
/// Limits: the body is collected by a write callback that aborts the transfer as soon as it would pass the byte
/// limit (and libcurl refuses early when Content-Length already says so); only http and https are allowed, also
/// after redirects (at most 5); a transfer slower than 1 KiB/s for 30 s is abandoned (slow-retrieval defence).
/// Responses are never decompressed, so a small compressed body cannot expand past the limit.
///
/// HTTPS peers are verified against the system's CA bundle, or the PEM file named by `SSL_CERT_FILE` (the variable
/// OpenSSL and curl honour), for a repository behind a private CA. TLS only hides which images are fetched: the TUF
/// signatures are what make the metadata trustworthy, so nothing else about the connection is configurable.
public final class HTTPFetcher: Fetcher {
    private let curl: CurlLibrary
    private let handle: UnsafeMutableRawPointer
    /// libcurl's own explanation of the last failure ("SSL certificate problem: ..."), more precise than the code's.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    public init() throws(FetchError) {
        guard let curl = CurlLibrary.shared else {
            throw .transport(location: "", reason: "libcurl (libcurl.so.4) is not installed; http(s) needs it")
        }
        guard let handle = curl.easyInit() else {
            throw .transport(location: "", reason: "libcurl could not create a handle")
        }
        self.curl = curl
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl.easyCleanup(handle)
        errorBuffer.deallocate()
    }

    /// The reason for a failed transfer: libcurl's detailed message when it wrote one, else the code's text.
    private func reason(_ code: CURLcode) -> String {
        guard errorBuffer[0] != 0 else { return curl.describe(code) }
        return String(cString: errorBuffer)
    }

    /// The collected body and the limit, shared with the C write callback through an opaque pointer.
    private final class Body {
        var bytes: [UInt8] = []
        let limit: Int
        let handle: UnsafeMutableRawPointer
        let api: UnsafeMutablePointer<custos_curl_api>
        var exceeded = false
        var reserved = false

        init(limit: Int, handle: UnsafeMutableRawPointer, api: UnsafeMutablePointer<custos_curl_api>) {
            self.limit = limit
            self.handle = handle
            self.api = api
        }
    }

    public func fetch(_ location: String, maximumLength: Int) throws(FetchError) -> [UInt8] {
        guard RepositoryLocation.isRemote(location) else {
            throw .invalidLocation(location: location, reason: "only http:// and https:// URLs are fetched over HTTP")
        }
        let api = curl.api
        let body = Body(limit: maximumLength, handle: handle, api: api)
        let context = Unmanaged.passUnretained(body).toOpaque()
        var configured = custos_curl_set_string(api, handle, CURLOPT_URL, location) == CURLE_OK
        configured = configured && custos_curl_set_string(api, handle, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK
        configured =
            configured && custos_curl_set_string(api, handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK
        configured = configured && custos_curl_set_long(api, handle, CURLOPT_FOLLOWLOCATION, 1) == CURLE_OK
        configured = configured && custos_curl_set_long(api, handle, CURLOPT_MAXREDIRS, 5) == CURLE_OK
        configured = configured && custos_curl_set_long(api, handle, CURLOPT_NOSIGNAL, 1) == CURLE_OK
        configured = configured && custos_curl_set_long(api, handle, CURLOPT_BUFFERSIZE, 256 * 1024) == CURLE_OK
        configured = configured && custos_curl_set_long(api, handle, CURLOPT_CONNECTTIMEOUT, 30) == CURLE_OK
        configured = configured && custos_curl_set_long(api, handle, CURLOPT_LOW_SPEED_LIMIT, 1024) == CURLE_OK
        configured = configured && custos_curl_set_long(api, handle, CURLOPT_LOW_SPEED_TIME, 30) == CURLE_OK
        configured = configured && custos_curl_set_string(api, handle, CURLOPT_USERAGENT, "custos-tuf/0.1") == CURLE_OK
        configured =
            configured
            && custos_curl_set_offset(api, handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maximumLength)) == CURLE_OK
        configured = configured && custos_curl_set_pointer(api, handle, CURLOPT_WRITEDATA, context) == CURLE_OK
        configured =
            configured && custos_curl_set_pointer(api, handle, CURLOPT_ERRORBUFFER, errorBuffer) == CURLE_OK
        if let bundle = getenv("SSL_CERT_FILE"), bundle[0] != 0 {
            configured = configured && custos_curl_set_pointer(api, handle, CURLOPT_CAINFO, bundle) == CURLE_OK
        }
        configured = configured && custos_curl_set_write_callback(api, handle, Self.collect) == CURLE_OK
        guard configured else { throw .transport(location: location, reason: "libcurl refused the request options") }

        errorBuffer[0] = 0
        let result = withExtendedLifetime(body) { curl.easyPerform(handle) }
        var status = 0
        _ = custos_curl_response_code(api, handle, &status)
        if result != CURLE_OK && status == 0 {
            if result == CURLE_FILESIZE_EXCEEDED { throw .tooLarge(location: location, limit: maximumLength) }
            throw .transport(location: location, reason: reason(result))
        }
        if status == 403 || status == 404 { throw .notFound(location: location) }
        guard (200..<300).contains(status) else {
            if status != 0 { throw .httpStatus(status, location: location) }
            throw .transport(location: location, reason: reason(result))
        }
        if body.exceeded || result == CURLE_FILESIZE_EXCEEDED {
            throw .tooLarge(location: location, limit: maximumLength)
        }
        guard result == CURLE_OK else { throw .transport(location: location, reason: reason(result)) }
        return body.bytes
    }

    /// libcurl's write callback: appends within the limit, or returns 0 to abort the transfer.
    private static let collect: custos_curl_write_callback = { data, size, count, context in
        guard let data, let context else { return 0 }
        let body = Unmanaged<Body>.fromOpaque(context).takeUnretainedValue()
        if !body.reserved {
            // Reserve the announced length once (never more than the limit), so a large file is not copied as
            // the buffer grows.
            body.reserved = true
            var announced: curl_off_t = -1
            if custos_curl_content_length(body.api, body.handle, &announced) == CURLE_OK, announced > 0 {
                body.bytes.reserveCapacity(Int(min(Int64(announced), Int64(body.limit))))
            }
        }
        let (length, overflow) = size.multipliedReportingOverflow(by: count)
        guard !overflow, body.bytes.count + length <= body.limit else {
            body.exceeded = true
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            body.bytes.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
        }
        return length
    }
}
