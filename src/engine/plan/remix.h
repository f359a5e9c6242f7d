// Remix, extend and edit: new storyboards made from an existing one, for the
// feed's "remix" button, "make it longer" and per-shot fixes. Each returns a
// storyboard that passes Validate, so the results chain (a remix of a remix,
// an extension of a remix, an edit of an extension, …). Deterministic for
// (source, text, seed); thread-safe (no shared state).
//
// Common rules:
//   - `source` must pass Validate; otherwise InvalidArgument naming "source".
//   - The instruction or prompt is cleaned like a plan's prompt (required, at
//     most kMaxPromptBytes, control characters removed, invalid UTF-8
//     replaced; the last two reported in `warnings`).
//   - The result keeps source's `seed`, size and fps, so unchanged things
//     render as before; the `seed` argument only drives the planner's own
//     choices (copy templates, voices of new cast members).
//   - `origin.prompt` and `origin.remix_of` are kept as they are: this layer
//     does not know the source video's id, so the caller (the jobs service)
//     sets `remix_of` after the call. `origin.instruction` records what was
//     asked: the instruction (Remix), "extend: <prompt>" (Extend) or
//     "edit <shot id>: <instruction>" (Edit).
//   - `warnings` keeps the source's and adds the new ones.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "engine/storyboard.h"

namespace kinora::engine {

// Applies `instruction` to `source`, keeping its cast (ids and voices), shot
// structure and timing unless the instruction changes them. It understands:
//   a format     "make this an ad for a top hat with giant feathers",
//                "turn it into a news report", "make it a birthday video for
//                Mia" (the copy, dialogue and overlays, is rewritten);
//   a style      "make it anime";  a time  "at night";  weather  "in the rain";
//   a place      "move it to the beach";  a mood  "make it funny";
//   the camera   "use close-ups", "handheld";
//   the cast     "make the dog a cat" (same id and voice), "call the dog
//                Rocket", "give her a red hat", "make the dog dance",
//                "add a parrot";
//   language     "make them speak Korean": lines from the phrasebook are
//                translated; any other line keeps its text and language and
//                a warning says so (Kinora does not machine-translate);
//   words        make the dog say "Hi", change the title to "NIMBUS".
// Several may be combined ("make it anime, at night, in the rain"). An
// instruction in which no change is recognised is InvalidArgument naming
// "instruction", listing examples.
core::Result<Storyboard> Remix(const Storyboard& source, std::string_view instruction,
                               uint64_t seed);

// Appends shots planned from `prompt`, `seconds` long in total (rounded to
// whole frames), starting where `source` ends. "the dog", names, "she" and
// "they" refer to the existing cast; the setting continues unless the prompt
// names a new one; the clip keeps its style and mood. New shot ids continue
// the numbering ("s3", "s4", … skipping ids in use). Errors: InvalidArgument
// naming "prompt", "seconds" (must be > 0 and the clip at most
// kMaxClipSeconds) or "source".
core::Result<Storyboard> Extend(const Storyboard& source, std::string_view prompt, double seconds,
                                uint64_t seed);

// Re-plans the content of shot `shot_id` from `instruction`, keeping its id,
// start and duration. What the instruction names replaces what was there:
// cast, actions and lines together; each setting field (place, time of day,
// weather) and camera field (framing, move) on its own. What it does not
// name stays. Errors: InvalidArgument naming "shot_id" (no such shot),
// "instruction" (no change recognised) or "source".
core::Result<Storyboard> Edit(const Storyboard& source, std::string_view shot_id,
                              std::string_view instruction, uint64_t seed);

}  // namespace kinora::engine
