/// Fingerprints of the content that signatures in `Firmware/test-images/` cover: every image there whose
/// signature verifies (with public debug/dev keys, Custos TEST keys, or the prod-signed UNSAFE vendor header), as
/// `manifest.json` lists them. The manifest is written by `scripts/firmware-test-images/generate.py`, which signs
/// the images, so it is an oracle independent of the verifier; `FuzzRegressionTests` checks the two lists agree.
///
/// The fuzz corpus is made from those images, and no fuzzer can make a new signature, so an input whose signature
/// verifies and whose integrity holds must carry one of these signed contents: anything else means the verifier
/// accepted a signature for bytes nobody signed.
enum SignedTestImages {
    static let fingerprints: Set<String> = [
        "00816bdbfa989da8e2fa3dfdabde88391cd9a2899213b6411a67cb6f871fc84c",  // jade dev key A, TEST key
        "03245f96291e0ff1c9d459054b5603427cca77d0b6eac9e571ab9c4e923257b0",  // T3W1 firmware
        "2493e8c3c530c74df702a1741680ce7070f98717b3c2e823e5fa69d5e445de08",  // bitbox02-btconly 2026
        "2d42816fee610bca34b52c2a1119fe75793ed483fbfe2f889c98fc1457a36156",  // bitbox02nova-multi 2026
        "30261125b56ef219eb1b82e125655618c08370d9d1d6c4b1ff72d71203ac01b9",  // T1 TRZR wrapping TRZF
        "441b2d39d040166e644e9a7492e7e565591fd7de5eff74337f2212fc07607e31",  // T2B1 firmware (dev vendor header)
        "47ddee61ebd8e7efb1792b169b18fbec19d9a6d071662c68e66d6bbf970935f1",  // bitbox02-multi legacy
        "5206da0fa750818676dc43feb95355ad41ea57a169ac2f157183980dbf95b6bb",  // T3B1 firmware
        "592513f96bfccd457a7a2038131ee88304fd573df20efea0b75b524773907905",  // Coldcard key 0 (.bin and .dfu)
        "783cdcd536f2bf6569c65c864c375999206abe7f1590ae441ea6c5dbe36095e9",  // T3T1 firmware
        "9fc6c6a4b77c82a1be6f6dbcafe3221cc4f6851ed50a8c68b6f8bf111b22db57",  // T3T2 firmware
        "af85d028347100967aee528dfcbd96fe6365599ac2eb9a9b08904c2411994b2a",  // T1 legacy v1
        "b495704dcd4d15cafa5939fbfdb30a91d80dce4a8340ddd89530710a047b922a",  // T3T1 bootloader
        "b9a98ce0c705d8b70737a675a8e59e6595b5a718c4c436d5726ae7702fad422a",  // T3T1 firmware, expiry bit clear
        "c45296f7bb43d806e59cc7c6b156f31f05de33158c24f20387db6fe5fdbb9d0a",  // T1 TRZF v3
        "d0da70be377e1540dc8cf1db10c7e4b36e295448189c0fdbfa63d73d21ba238e",  // T2T1 firmware
        "d77e200449fee50c113c23fc7cca7b4eed676a37d4d02ad676bd9fb148a16153",  // T2B1 firmware (UNSAFE vendor header)
        "df320e54f97428a4812403277dc09f3bfe9c77d4163899140d0f6d1a02fee062",  // passport mono
        "e273c715cf2ec466f6f8f763f867c26daadc95562ee55be7922080750d7654b5",  // T1 TRZF v2
        "e2b17dfcfdb774f58f646cf4f819d7d247f1f20efe39738eaa44e65cd70d5946",  // passport color
        "fba657158402813704cb7ba6592b791492d63318a2e1a1b4895a417386ec8d69",  // T3W1 secure monitor
    ]
}
