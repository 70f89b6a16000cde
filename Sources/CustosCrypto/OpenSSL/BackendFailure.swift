/// Stops the process when OpenSSL cannot perform an operation that has no input-dependent failure.
///
/// A digest over bytes in memory fails only when OpenSSL cannot allocate or lacks the algorithm (a broken
/// installation, which `custos selftest` and `CryptoSelfTest` detect up front). Returning a made-up digest would be
/// unsafe, and making every hash call throwing would push an impossible error through all of Bitcoin's and the
/// firmware formats' arithmetic, so this is the one place where Custos gives up. No input data reaches it.
func unrecoverableBackendFailure(_ what: String) -> Never {
    fatalError("OpenSSL failed to \(what): \(OpenSSLErrors.drain()). Run `custos selftest` to check the installation.")
}
