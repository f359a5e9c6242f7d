# Every third-party dependency, found once. All come from Debian 12 packages
# (scripts/bootstrap installs them).

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Boost 1.81 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)  # libpq, for the PostgreSQL store
find_package(OpenSSL REQUIRED)
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
find_package(Freetype REQUIRED)
include(GoogleTest)

pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET
  libavcodec libavformat libavutil libswscale libswresample)
pkg_check_modules(EGL REQUIRED IMPORTED_TARGET egl glesv2)
pkg_check_modules(ESPEAK_NG REQUIRED IMPORTED_TARGET espeak-ng)
pkg_check_modules(BULLET REQUIRED IMPORTED_TARGET bullet)
pkg_check_modules(HARFBUZZ REQUIRED IMPORTED_TARGET harfbuzz)
pkg_check_modules(EBUR128 REQUIRED IMPORTED_TARGET libebur128)
pkg_check_modules(FLUIDSYNTH REQUIRED IMPORTED_TARGET fluidsynth)
# Argon2id password hashing, tokens and digests for accounts.
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)

# OpenCV's Haar cascades (face detection on uploaded clips). Debian's component
# packages ship neither OpenCVConfig.cmake nor opencv4.pc (those come with the
# whole-library libopencv-dev), so find the three components we use directly.
find_path(OPENCV_INCLUDE_DIR opencv2/objdetect.hpp PATH_SUFFIXES opencv4 REQUIRED)
set(OPENCV_LIBS)
foreach(lib opencv_objdetect opencv_imgproc opencv_core)
  find_library(OPENCV_${lib} ${lib} REQUIRED)
  list(APPEND OPENCV_LIBS ${OPENCV_${lib}})
endforeach()
add_library(opencv::objdetect INTERFACE IMPORTED)
target_include_directories(opencv::objdetect SYSTEM INTERFACE ${OPENCV_INCLUDE_DIR})
target_link_libraries(opencv::objdetect INTERFACE ${OPENCV_LIBS})
# The cascades from the opencv-data package.
find_path(OPENCV_HAARCASCADES_DIR haarcascade_frontalface_default.xml
  PATHS /usr/share/opencv4/haarcascades NO_DEFAULT_PATH REQUIRED)

# Flite ships no pkg-config file: find its headers and the libraries we use.
find_path(FLITE_INCLUDE_DIR flite/flite.h REQUIRED)
set(FLITE_LIBS)
foreach(lib flite_cmu_us_slt flite_cmu_us_rms flite_cmu_us_awb flite_cmu_us_kal
            flite_usenglish flite_cmulex flite)
  find_library(FLITE_${lib} ${lib} REQUIRED)
  list(APPEND FLITE_LIBS ${FLITE_${lib}})
endforeach()
add_library(flite::flite INTERFACE IMPORTED)
target_include_directories(flite::flite INTERFACE ${FLITE_INCLUDE_DIR})
target_link_libraries(flite::flite INTERFACE ${FLITE_LIBS} m)
