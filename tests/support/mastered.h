// The check every test generation's sound must pass, as decoded from its
// MP4: -14 +- 1 LUFS integrated loudness and true peaks at or below -1 dBTP
// (libebur128, engine/audio/mix.h).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/audio/mix.h"

namespace kinora::testing {

// `stereo`: interleaved samples; `what` names the generation in failures.
inline void ExpectMastered(const std::vector<float>& stereo, const std::string& what) {
  const auto loudness = engine::audio::MeasureLoudness(stereo);
  ASSERT_TRUE(loudness.ok()) << what << ": " << loudness.error().ToString();
  EXPECT_NEAR(loudness->integrated_lufs, engine::audio::kTargetLufs, 1.0) << what;
  EXPECT_LE(loudness->true_peak_dbtp, engine::audio::kTruePeakCeilingDbtp) << what;
}

}  // namespace kinora::testing
