// The sounds of the effects bus (internal to effects*.cc; not part of
// engine_audio's interface). World-event sounds live in effects_world.cc,
// planned sound effects in effects_planned.cc; effects.cc seeds, places and
// mixes them.
//
// Every sound is mono (or a Sound for those panned within themselves) at
// 48 kHz, starting on its first sample, at the raw level effects.h states.
// `rng` drives the sound's variation; a body's Rng (`floor`, `body_a`, …)
// is a stable seed for its pitch, so a cast member or floor keeps its voice.
// Deterministic in the Rngs given.
#pragma once

#include <string_view>
#include <vector>

#include "engine/audio/effects_synth.h"
#include "engine/storyboard.h"
#include "engine/world/events.h"

namespace kinora::engine::audio::effects_internal {

// --- world sounds (effects_world.cc); `s` is the event's strength, 0–1 -------

// Bodies of materials `a` and `b` meeting; a splash where either is water.
Mono Impact(world::Material a, world::Material b, double s, Rng& rng, Rng body_a, Rng body_b);
// A footfall by surface and gait: a run (higher strength) lands harder,
// brighter and rolls from heel to toe faster than a walk. `foot` kFlesh is
// bare feet or paws; anything else a shoe.
Mono Footstep(world::Material surface, world::Material foot, double s, Rng& rng, const Rng& floor);
// Feet pushing off: a step with a scuff of the surface dragged behind it.
Mono Takeoff(world::Material surface, world::Material foot, double s, Rng& rng, const Rng& floor);
// Both feet coming down from a jump, and the body's weight behind them.
Mono Landing(world::Material surface, world::Material foot, double s, Rng& rng, const Rng& floor);
// Air torn by a fast limb or a flip, or by a thrown ball when `thrown`.
Mono Whoosh(double s, bool thrown, Rng& rng);
// Something breaking the water.
Mono Splash(double s, Rng& rng);

enum class BoardSound { kPop, kLanding, kRoll, kWater };

// Whether `all` has an event of `kind` by the same cast member at the same instant.
bool Coincides(const world::WorldEvent& e, world::EventKind kind,
               const std::vector<world::WorldEvent>& all);
// What a board event is: the tail popping for a jump, the deck coming down,
// or wheels rolling; the feet's takeoff or landing at the same instant tells.
BoardSound BoardSoundOf(const world::WorldEvent& e, const std::vector<world::WorldEvent>& all);
// A board event of `kind` (a skateboard, or a board on water); `deck` keeps
// the board's pitch.
Mono Board(BoardSound kind, double s, Rng& rng, const Rng& deck);
// An audience `seconds` long, spread across the stereo field: applause, and
// for a `cheer` voices too.
Sound Crowd(double s, bool cheer, double seconds, Rng& rng);

// --- planned sound effects (effects_planned.cc) ---------------------------------

// Whether the world already made the sound a planned effect of `kind` names,
// within `shot`.
bool CoveredByWorld(std::string_view kind, const Shot& shot,
                    const std::vector<world::WorldEvent>& events);
// A planned effect of `kind` (see kSfxKinds; silence for an unknown one);
// `ground` is the floor of its shot's place, `room` the seconds left in the
// shot from its start.
Sound RenderPlanned(std::string_view kind, world::Material ground, double room, Rng& rng,
                    const Rng& floor);

}  // namespace kinora::engine::audio::effects_internal
