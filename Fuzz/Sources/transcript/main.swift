import FuzzDriver
import FuzzTargets

FuzzDriver.run(TranscriptFuzzTargets.parse)
