import FuzzDriver
import FuzzTargets

FuzzDriver.run(FramingFuzzTargets.trezorV1)
