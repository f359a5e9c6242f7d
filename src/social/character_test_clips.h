// Test clips for characters (service and API tests): real MP4s drawn frame by
// frame with OpenCV.
//
// No photograph of a person ships on the build machines, so the face clips
// show a drawn face (skin-toned oval, brows, eyes, nose, mouth) that OpenCV's
// frontal-face cascade detects as it does a photographed one; the ball clips
// check that ordinary shapes and colours are not taken for faces.
#pragma once

#include <cmath>
#include <functional>
#include <opencv2/imgproc.hpp>
#include <string>

#include "core/result.h"
#include "media/mp4_writer.h"

namespace kinora::social::testclips {

constexpr int kW = 320, kH = 240, kFps = 24;

// Draws frame `f` of a clip into `frame` (an RGBA picture wrapped by OpenCV).
using Painter = std::function<void(cv::Mat& frame, int f)>;

inline void DrawFace(cv::Mat& m, cv::Point c, double scale) {
  auto s = [scale](int v) { return static_cast<int>(std::lround(v * scale)); };
  cv::ellipse(m, c, {s(60), s(80)}, 0, 0, 360, cv::Scalar(225, 190, 160, 255), -1);
  for (int side : {-1, 1}) {
    cv::ellipse(m, {c.x + side * s(25), c.y - s(30)}, {s(15), s(4)}, 0, 0, 360,
                cv::Scalar(50, 35, 25, 255), -1);  // brow
    cv::ellipse(m, {c.x + side * s(25), c.y - s(17)}, {s(12), s(6)}, 0, 0, 360,
                cv::Scalar(40, 30, 30, 255), -1);  // eye
  }
  cv::ellipse(m, {c.x, c.y + s(15)}, {s(11), s(5)}, 0, 0, 360, cv::Scalar(170, 120, 100, 255),
              -1);  // nose
  cv::ellipse(m, {c.x, c.y + s(38)}, {s(22), s(6)}, 0, 0, 360, cv::Scalar(120, 50, 50, 255),
              -1);  // mouth
}

// A face drifting slowly across a dim room.
inline void PaintFace(cv::Mat& m, int f) {
  m.setTo(cv::Scalar(70, 75, 85, 255));
  DrawFace(m, {kW / 2 - 20 + f / 2, kH / 2 + 5}, 1.1);
  cv::GaussianBlur(m, m, {0, 0}, 1.5);
}

// A red ball bouncing over a striped floor in front of a blue wall.
inline void PaintBall(cv::Mat& m, int f) {
  m.setTo(cv::Scalar(40, 90, 200, 255));
  for (int y = kH * 2 / 3; y < kH; y += 12) {
    cv::rectangle(m, {0, y}, {kW, y + 6}, cv::Scalar(200, 180, 120, 255), -1);
  }
  const int x = 30 + (f * 5) % (kW - 60);
  const int y = kH / 2 + static_cast<int>(40 * std::sin(f * 0.3));
  cv::circle(m, {x, y}, 34, cv::Scalar(220, 30, 30, 255), -1);
}

// Writes `seconds` of kW×kH frames drawn by `paint` to an MP4 at `path`.
inline core::Status WriteClip(const std::string& path, double seconds, const Painter& paint) {
  KINORA_ASSIGN_OR_RETURN(
      auto writer,
      media::Mp4Writer::Open(path, {.width = kW, .height = kH, .fps = kFps, .preset = "veryfast"}));
  media::RgbaImage img(kW, kH);
  cv::Mat m(kH, kW, CV_8UC4, img.pixels.data());
  const int frames = static_cast<int>(std::lround(seconds * kFps));
  for (int f = 0; f < frames; ++f) {
    paint(m, f);
    KINORA_RETURN_IF_ERROR(writer->WriteVideoFrame(img));
  }
  return writer->Finish();
}

}  // namespace kinora::social::testclips
