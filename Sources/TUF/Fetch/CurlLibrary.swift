internal import CCurl

/// libcurl, loaded with dlopen on first use (see CCurl/shim.h for why it is not linked).
///
/// `@unchecked Sendable`: after `init` nothing here changes (the function table is written once before the object
/// is published through a `static let`, whose initialisation Swift runs exactly once), and libcurl's easy
/// functions are safe to call from any thread on distinct handles.
final class CurlLibrary: @unchecked Sendable {
    /// The resolved function table, kept for the helpers of shim.h (never freed: the library stays loaded).
    let api: UnsafeMutablePointer<custos_curl_api>
    let easyInit: @convention(c) () -> UnsafeMutableRawPointer?
    let easyCleanup: @convention(c) (UnsafeMutableRawPointer?) -> Void
    let easyPerform: @convention(c) (UnsafeMutableRawPointer?) -> CURLcode
    let easyStrerror: @convention(c) (CURLcode) -> UnsafePointer<CChar>?

    /// The loaded library, or nil when libcurl.so.4 is not installed (downloads then fail with a clear reason).
    static let shared: CurlLibrary? = CurlLibrary()

    private init?() {
        let table = UnsafeMutablePointer<custos_curl_api>.allocate(capacity: 1)
        table.initialize(to: custos_curl_api())
        guard custos_curl_load(table) == 0, let easyInit = table.pointee.easy_init,
            let easyCleanup = table.pointee.easy_cleanup, let easyPerform = table.pointee.easy_perform,
            let easyStrerror = table.pointee.easy_strerror
        else {
            table.deallocate()
            return nil
        }
        api = table
        self.easyInit = easyInit
        self.easyCleanup = easyCleanup
        self.easyPerform = easyPerform
        self.easyStrerror = easyStrerror
    }

    func describe(_ code: CURLcode) -> String {
        guard let text = easyStrerror(code) else { return "libcurl error \(code.rawValue)" }
        return String(cString: text)
    }
}
