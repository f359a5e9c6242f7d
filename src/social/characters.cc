#include "social/characters.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <vector>

#include "core/id.h"
#include "media/frame_sampler.h"
#include "media/probe.h"
#include "media/sniff.h"
#include "media/thumbnails.h"
#include "social/validation.h"

namespace kinora::social {

const std::string_view kHumanFaceRefusal =
    "this clip shows a person; characters are for pets and objects. People appear only "
    "through a verified cameo, made with a live challenge in the app's Cameo screen";

namespace {

namespace fs = std::filesystem;

constexpr int kInspectWidth = 640;      // frames are inspected at most this wide
constexpr int kReferenceWidth = 640;    // the stored reference frame
constexpr int kPaletteColours = 5;      // at most this many dominant colours
constexpr double kPaletteShare = 0.02;  // a colour must cover this share of the pixels
// Colours closer than this on every channel count as one (a wall split over two grid cells).
constexpr int kPaletteMerge = 32;

// Removes a file when it goes out of scope unless released (kept or consumed).
class FileGuard {
 public:
  explicit FileGuard(std::string path) : path_(std::move(path)) {}
  ~FileGuard() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  FileGuard(const FileGuard&) = delete;
  FileGuard& operator=(const FileGuard&) = delete;
  void Release() { path_.clear(); }

 private:
  std::string path_;
};

// Checked before FFmpeg sees the file (see media/sniff.h).
bool IsAcceptedContainer(const std::string& path) {
  return media::IsVideoKind(media::SniffFile(path));
}

// Counts colours on a 4-bit-per-channel grid, keeping each cell's mean.
class PaletteCounter {
 public:
  void Add(const media::RgbaImage& frame) {
    const size_t pixels = static_cast<size_t>(frame.width) * frame.height;
    for (size_t i = 0; i < pixels; i += 3) {  // every third pixel is plenty
      const uint8_t* p = frame.pixels.data() + 4 * i;
      Cell& cell = cells_[(p[0] >> 4) << 8 | (p[1] >> 4) << 4 | (p[2] >> 4)];
      ++cell.count;
      for (int c = 0; c < 3; ++c) cell.sum[c] += p[c];
      ++total_;
    }
  }

  // "#rrggbb" of the most common cells, most common first.
  std::vector<std::string> Dominant() const {
    std::vector<const Cell*> order;
    for (const Cell& cell : cells_) {
      if (cell.count > 0 && cell.count >= kPaletteShare * total_) order.push_back(&cell);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const Cell* a, const Cell* b) { return a->count > b->count; });
    std::vector<std::string> out;
    std::vector<std::array<int, 3>> chosen;
    for (const Cell* cell : order) {
      if (static_cast<int>(chosen.size()) == kPaletteColours) break;
      const std::array<int, 3> rgb = {Mean(*cell, 0), Mean(*cell, 1), Mean(*cell, 2)};
      const bool seen = std::any_of(chosen.begin(), chosen.end(), [&](const auto& c) {
        return std::abs(c[0] - rgb[0]) < kPaletteMerge && std::abs(c[1] - rgb[1]) < kPaletteMerge &&
               std::abs(c[2] - rgb[2]) < kPaletteMerge;
      });
      if (!seen) chosen.push_back(rgb);
    }
    for (const auto& rgb : chosen) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
      out.push_back(hex);
    }
    return out;
  }

 private:
  struct Cell {
    uint64_t count = 0;
    std::array<uint64_t, 3> sum{};
  };
  static int Mean(const Cell& cell, int channel) {
    return static_cast<int>((cell.sum[channel] + cell.count / 2) / cell.count);
  }
  std::vector<Cell> cells_ = std::vector<Cell>(4096);
  uint64_t total_ = 0;
};

}  // namespace

struct CharacterService::Detectors {
  cv::CascadeClassifier human;
  cv::CascadeClassifier cat;
};

// What the clip's sampled frames showed.
struct CharacterService::Inspection {
  int frames = 0;
  int human_face_frames = 0;
  int cat_face_frames = 0;
  std::vector<std::string> palette;
};

CharacterService::CharacterService(store::Store& store, store::BlobStore& blobs,
                                   const core::Clock& clock, CharacterOptions options,
                                   std::unique_ptr<Detectors> detectors)
    : store_(store),
      blobs_(blobs),
      clock_(clock),
      options_(std::move(options)),
      detectors_(std::move(detectors)) {}

CharacterService::~CharacterService() = default;

core::Result<std::unique_ptr<CharacterService>> CharacterService::Open(store::Store& store,
                                                                       store::BlobStore& blobs,
                                                                       const core::Clock& clock,
                                                                       CharacterOptions options) {
  if (options.cascade_dir.empty()) options.cascade_dir = KINORA_HAARCASCADES_DIR;
  auto detectors = std::make_unique<Detectors>();
  for (auto [classifier, file] :
       {std::pair{&detectors->human, "haarcascade_frontalface_default.xml"},
        std::pair{&detectors->cat, "haarcascade_frontalcatface.xml"}}) {
    const std::string path = (fs::path(options.cascade_dir) / file).string();
    bool loaded = false;
    try {
      loaded = classifier->load(path);
    } catch (const cv::Exception& e) {
      return core::Unavailable("cannot load a face detector", path + ": " + e.what());
    }
    if (!loaded) return core::Unavailable("cannot load a face detector", path);
  }
  return std::unique_ptr<CharacterService>(
      new CharacterService(store, blobs, clock, std::move(options), std::move(detectors)));
}

core::Result<CharacterService::Inspection> CharacterService::Inspect(const std::string& clip_path) {
  // Frames are decoded first and examined afterwards, so the detectors'
  // lock is never held while FFmpeg works.
  std::vector<cv::Mat> gray;
  PaletteCounter palette;
  media::FrameSampleOptions sample;
  sample.fractions = media::EvenFractions(options_.sampled_frames);
  sample.max_width = kInspectWidth;
  sample.max_dimension = options_.max_dimension;
  auto sampled =
      media::SampleFrames(clip_path, sample, [&](size_t, const media::RgbaImage& frame, double) {
        const cv::Mat rgba(frame.height, frame.width, CV_8UC4,
                           const_cast<uint8_t*>(frame.pixels.data()));
        cv::Mat g;
        cv::cvtColor(rgba, g, cv::COLOR_RGBA2GRAY);
        cv::equalizeHist(g, g);
        gray.push_back(std::move(g));
        palette.Add(frame);
        return core::Ok();
      });
  if (!sampled.ok()) {
    core::Error e = sampled.error();
    if (e.code == core::ErrorCode::kInvalidArgument) e.detail = "video";  // not the server's path
    return e;
  }
  Inspection out;
  out.frames = static_cast<int>(gray.size());
  out.palette = palette.Dominant();
  std::lock_guard lock(detectors_mu_);
  for (const cv::Mat& g : gray) {
    // Faces smaller than a twelfth of the frame are too far away to matter
    // and are where Haar cascades make most of their false finds.
    const int side = std::max(24, std::min(g.cols, g.rows) / 12);
    std::vector<cv::Rect> found;
    detectors_->human.detectMultiScale(g, found, 1.1, 5, 0, cv::Size(side, side));
    if (!found.empty()) ++out.human_face_frames;
    found.clear();
    detectors_->cat.detectMultiScale(g, found, 1.1, 5, 0, cv::Size(side, side));
    if (!found.empty()) ++out.cat_face_frames;
  }
  return out;
}

core::Result<store::Character> CharacterService::Create(const Principal& who, std::string_view name,
                                                        const std::string& clip_path,
                                                        std::string_view kind) {
  FileGuard clip_guard(clip_path);
  KINORA_ASSIGN_OR_RETURN(std::string clean_name, ValidateCharacterName(name));
  if (!kind.empty() && kind != "animal" && kind != "object") {
    return core::InvalidArgument("kind must be animal or object", "kind");
  }
  if (!IsAcceptedContainer(clip_path)) {
    return core::InvalidArgument("video must be an MP4, MOV or WebM file", "video");
  }
  auto info = media::Probe(clip_path);
  if (!info.ok()) return core::InvalidArgument("video cannot be read as a video file", "video");
  const media::StreamInfo* video = info->First("video");
  if (!video) return core::InvalidArgument("video has no video track", "video");
  const double seconds = video->duration > 0 ? video->duration : info->duration;
  if (!(seconds >= options_.min_seconds && seconds <= options_.max_seconds)) {
    char got[32];
    std::snprintf(got, sizeof got, "%.1f", seconds);
    return core::InvalidArgument("video must last " + std::to_string(int(options_.min_seconds)) +
                                     " to " + std::to_string(int(options_.max_seconds)) +
                                     " seconds (got " + got + ")",
                                 "video");
  }
  KINORA_ASSIGN_OR_RETURN(Inspection inspection, Inspect(clip_path));
  if (inspection.human_face_frames >= options_.face_frames) {
    return core::InvalidArgument(std::string(kHumanFaceRefusal), "video");
  }

  store::Character character;
  character.id = core::NewId("char", clock_);
  if (who.is_member()) character.owner_id = who.user_id();
  character.name = std::move(clean_name);
  character.kind = !kind.empty()                                        ? std::string(kind)
                   : inspection.cat_face_frames >= options_.face_frames ? "animal"
                                                                        : "object";
  character.palette = std::move(inspection.palette);
  character.created_at = clock_.UnixMillis();

  const std::string image_path =
      (fs::path(blobs_.ScratchDir()) / (character.id + ".webp")).string();
  FileGuard image_guard(image_path);
  KINORA_RETURN_IF_ERROR(media::MakeThumbnail(
      clip_path, image_path, {.format = media::ImageFormat::kWebp, .max_width = kReferenceWidth}));
  KINORA_ASSIGN_OR_RETURN(character.image_key, blobs_.PutFile(image_path));
  image_guard.Release();
  KINORA_ASSIGN_OR_RETURN(character.clip_key, blobs_.PutFile(clip_path));
  clip_guard.Release();
  // Blobs are content-addressed and may already belong to another record, so
  // a failed insert leaves them in place rather than deleting what another
  // record may hold.
  KINORA_RETURN_IF_ERROR(store_.CreateCharacter(character));
  return character;
}

core::Result<store::Character> CharacterService::Get(const Principal& who, const std::string& id) {
  auto character = store_.GetCharacter(id);
  if (!character.ok()) return character.error();
  if (!who.is_admin() && character->owner_id != std::optional<std::string>(who.user_id())) {
    return core::NotFound("no character with id '" + id + "'");
  }
  return character;
}

}  // namespace kinora::social
