#include "engine/plan/remix.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/plan/planner.h"

namespace kinora::engine {
namespace {

constexpr const char* kHello = R"(A golden retriever on a beach at sunset says "Hello world")";

Storyboard MustPlan(const std::string& prompt, double seconds = 4, uint64_t seed = 7) {
  auto sb = Plan({.prompt = prompt, .seconds = seconds, .seed = seed});
  EXPECT_TRUE(sb.ok()) << (sb.ok() ? "" : sb.error().ToString());
  return sb.ok() ? *sb : Storyboard{};
}

Storyboard Must(core::Result<Storyboard> r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  if (!r.ok()) return Storyboard{};
  EXPECT_TRUE(Validate(*r).ok());
  return *r;
}

std::vector<const DialogueLine*> Lines(const Storyboard& sb) {
  std::vector<const DialogueLine*> out;
  for (const Shot& s : sb.shots) {
    for (const DialogueLine& d : s.dialogue) out.push_back(&d);
  }
  return out;
}

bool HasOverlay(const Storyboard& sb, std::string_view role, std::string_view text) {
  for (const Shot& s : sb.shots) {
    for (const Overlay& o : s.overlays) {
      if (o.role == role && (text.empty() || o.text == text)) return true;
    }
  }
  return false;
}

bool HasTag(const Storyboard& sb, std::string_view tag) {
  return std::find(sb.tags.begin(), sb.tags.end(), tag) != sb.tags.end();
}

// The things a remix must keep: ids, voices, shot ids and timing.
void ExpectSameStructure(const Storyboard& a, const Storyboard& b) {
  ASSERT_EQ(a.shots.size(), b.shots.size());
  for (size_t i = 0; i < a.shots.size(); ++i) {
    EXPECT_EQ(a.shots[i].id, b.shots[i].id);
    EXPECT_DOUBLE_EQ(a.shots[i].start, b.shots[i].start);
    EXPECT_DOUBLE_EQ(a.shots[i].duration, b.shots[i].duration);
  }
  for (const CastMember& c : a.cast) {
    const CastMember* other = b.FindCast(c.id);
    ASSERT_NE(other, nullptr) << c.id;
    EXPECT_EQ(other->voice.voice, c.voice.voice);
    EXPECT_DOUBLE_EQ(other->voice.pitch, c.voice.pitch);
  }
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.fps, b.fps);
  EXPECT_EQ(a.width, b.width);
}

TEST(RemixTest, MakesAnAdAndRewritesTheCopy) {
  const Storyboard source = MustPlan(kHello);
  const Storyboard ad = Must(Remix(source, "make this an ad for a top hat with giant feathers", 1));
  ExpectSameStructure(source, ad);
  ASSERT_FALSE(Lines(ad).empty());
  EXPECT_EQ(Lines(ad)[0]->speaker, "dog");  // the dog presents
  EXPECT_NE(Lines(ad)[0]->text.find("Feathered Top Hat"), std::string::npos) << Lines(ad)[0]->text;
  for (const DialogueLine* d : Lines(ad)) EXPECT_NE(d->text, "Hello world");
  EXPECT_TRUE(HasOverlay(ad, "title", "The Feathered Top Hat"));
  EXPECT_TRUE(HasOverlay(ad, "caption", ""));
  EXPECT_EQ(ad.mood, "upbeat");
  EXPECT_EQ(ad.music.mood, "upbeat");
  EXPECT_TRUE(HasTag(ad, "ad"));
  const CastMember* dog = ad.FindCast("dog");
  ASSERT_NE(dog, nullptr);
  ASSERT_FALSE(dog->looks.outfit.empty());
  EXPECT_EQ(dog->looks.outfit[0].item, "top hat");
  // Setting is kept; origin records the instruction and keeps the prompt.
  EXPECT_EQ(ad.shots[0].setting.place, "beach");
  EXPECT_EQ(ad.shots[0].setting.time_of_day, "sunset");
  EXPECT_EQ(ad.origin.prompt, source.origin.prompt);
  EXPECT_EQ(ad.origin.instruction, "make this an ad for a top hat with giant feathers");
  EXPECT_FALSE(ad.origin.remix_of.has_value());
}

TEST(RemixTest, AnAdForSomethingElseSwapsTheProduct) {
  const Storyboard teapot = MustPlan("An ad for a glowing teapot");
  ASSERT_NE(teapot.FindCast("teapot"), nullptr);
  const Storyboard car = Must(Remix(teapot, "make this an ad for a red car", 2));
  EXPECT_EQ(car.FindCast("teapot"), nullptr);
  EXPECT_NE(car.FindCast("presenter"), nullptr);
  EXPECT_TRUE(HasOverlay(car, "title", "The Red Car"));
  EXPECT_FALSE(HasOverlay(car, "title", "The Glowing Teapot"));
  bool car_cast = false;
  for (const CastMember& c : car.cast) car_cast |= c.kind == "object" && c.name == "Car";
  EXPECT_TRUE(car_cast);
  // The old product goes; the presenter, shots and timing stay.
  EXPECT_EQ(car.FindCast("presenter")->voice.voice, teapot.FindCast("presenter")->voice.voice);
  ASSERT_EQ(car.shots.size(), teapot.shots.size());
  EXPECT_DOUBLE_EQ(car.shots[0].duration, teapot.shots[0].duration);
}

TEST(RemixTest, StyleTimeAndWeatherChangeOnlyThemselves) {
  const Storyboard source =
      MustPlan("A dog runs on the beach, then cut to a cat in a kitchen saying \"Meow\"", 6);
  ASSERT_EQ(source.shots.size(), 2u);

  Storyboard anime = Must(Remix(source, "make it anime", 1));
  EXPECT_EQ(anime.style, "anime");
  ExpectSameStructure(source, anime);
  nlohmann::json a = ToJson(anime), s = ToJson(source);
  EXPECT_EQ(a["shots"], s["shots"]);  // nothing else moved

  Storyboard night = Must(Remix(source, "at night", 1));
  for (const Shot& shot : night.shots) EXPECT_EQ(shot.setting.time_of_day, "night");
  EXPECT_EQ(night.shots[0].setting.place, "beach");
  EXPECT_EQ(night.shots[1].setting.place, "kitchen");

  Storyboard rain = Must(Remix(source, "in the rain", 1));
  for (const Shot& shot : rain.shots) EXPECT_EQ(shot.setting.weather, "rain");

  Storyboard all = Must(Remix(source, "make it pixel art, at sunset, in the snow", 1));
  EXPECT_EQ(all.style, "pixel art");
  for (const Shot& shot : all.shots) {
    EXPECT_EQ(shot.setting.time_of_day, "sunset");
    EXPECT_EQ(shot.setting.weather, "snow");
  }
}

TEST(RemixTest, SwapsASpeciesKeepingIdAndVoice) {
  const Storyboard source = MustPlan(R"(A dog barks at a mailman, then the dog says "Woof!")", 5);
  const CastMember* dog = source.FindCast("dog");
  ASSERT_NE(dog, nullptr);
  const Storyboard cat = Must(Remix(source, "make the dog a cat", 1));
  const CastMember* now = cat.FindCast("dog");
  ASSERT_NE(now, nullptr);
  EXPECT_EQ(now->kind, "animal");
  EXPECT_EQ(now->species, "cat");
  EXPECT_EQ(now->name, "Cat");
  EXPECT_EQ(now->voice.voice, dog->voice.voice);
  ExpectSameStructure(source, cat);
  for (const Shot& s : cat.shots) {
    for (const Action& a : s.actions) EXPECT_NE(a.verb, "bark") << s.id;
    for (const SoundEffect& e : s.sfx) EXPECT_NE(e.kind, "bark") << s.id;
    for (const DialogueLine& d : s.dialogue) {
      if (d.speaker == "dog") {
        EXPECT_EQ(d.text, "Meow!");
      }
    }
  }
  // Named animals keep their names.
  const Storyboard rocket = MustPlan("A corgi named Rocket runs in a park");
  const Storyboard fox = Must(Remix(rocket, "turn Rocket into a fox", 1));
  ASSERT_NE(fox.FindCast("rocket"), nullptr);
  EXPECT_EQ(fox.FindCast("rocket")->species, "fox");
  EXPECT_EQ(fox.FindCast("rocket")->name, "Rocket");
}

TEST(RemixTest, TranslatesPhrasebookLinesAndWarnsAboutTheRest) {
  const Storyboard hello = MustPlan(kHello);
  const Storyboard ko = Must(Remix(hello, "make them speak Korean", 1));
  ASSERT_EQ(Lines(ko).size(), 1u);
  EXPECT_EQ(Lines(ko)[0]->language, "ko");
  EXPECT_EQ(Lines(ko)[0]->text, "안녕, 세상아");
  EXPECT_EQ(ko.FindCast("dog")->voice.language, "ko");

  const Storyboard free = MustPlan(R"(A man says "The pizza here is amazing")");
  const Storyboard kept = Must(Remix(free, "make him speak French", 1));
  EXPECT_EQ(Lines(kept)[0]->text, "The pizza here is amazing");
  EXPECT_EQ(Lines(kept)[0]->language, "en");
  bool warned = false;
  for (const std::string& w : kept.warnings)
    warned |= w.find("stays in English") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(RemixTest, NamesLooksActionsLinesAndNewCast) {
  const Storyboard source = MustPlan("A man walks a dog in a park");
  const Storyboard named = Must(Remix(source, "call the dog Rocket", 1));
  EXPECT_EQ(named.FindCast("dog")->name, "Rocket");

  const Storyboard hat = Must(Remix(source, "give the man a red hat", 1));
  const CastMember* man = hat.FindCast("man");
  ASSERT_NE(man, nullptr);
  bool red_hat = false;
  for (const OutfitItem& o : man->looks.outfit) red_hat |= o.item == "hat" && o.color == "red";
  EXPECT_TRUE(red_hat);

  const Storyboard dance = Must(Remix(source, "make the dog dance", 1));
  bool dances = false;
  for (const Action& a : dance.shots[0].actions) dances |= a.actor == "dog" && a.verb == "dance";
  EXPECT_TRUE(dances);

  const Storyboard line = Must(Remix(source, R"(make the dog say "Let's play!")", 1));
  ASSERT_EQ(Lines(line).size(), 1u);
  EXPECT_EQ(Lines(line)[0]->speaker, "dog");
  EXPECT_EQ(Lines(line)[0]->text, "Let's play!");

  const Storyboard parrot = Must(Remix(source, "add a parrot", 1));
  ASSERT_NE(parrot.FindCast("parrot"), nullptr);
  bool shown = false;
  for (const Action& a : parrot.shots[0].actions) shown |= a.actor == "parrot";
  EXPECT_TRUE(shown);
}

TEST(RemixTest, RejectsWhatItCannotUse) {
  const Storyboard source = MustPlan(kHello);
  EXPECT_EQ(Remix(source, "  ", 1).error().detail, "instruction");
  EXPECT_EQ(Remix(source, "  ", 1).error().message, "instruction is required");
  auto nothing = Remix(source, "blorp zzzt", 1);
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(nothing.error().detail, "instruction");
  EXPECT_NE(nothing.error().message.find("make it anime"), std::string::npos);
  EXPECT_EQ(Remix(source, std::string(10000, 'x'), 1).error().detail, "instruction");
  Storyboard broken = source;
  broken.shots.clear();
  EXPECT_EQ(Remix(broken, "make it anime", 1).error().detail, "source");
  EXPECT_EQ(Extend(broken, "a cat", 2, 1).error().detail, "source");
  EXPECT_EQ(Edit(broken, "s1", "a cat", 1).error().detail, "source");
}

TEST(ExtendTest, AppendsShotsWithTheSameCast) {
  const Storyboard source = MustPlan(kHello);
  const Storyboard longer = Must(Extend(source, "then the dog jumps into a lake", 3, 1));
  ASSERT_EQ(longer.shots.size(), 2u);
  EXPECT_EQ(longer.shots[0].id, "s1");
  EXPECT_EQ(longer.shots[1].id, "s2");
  EXPECT_DOUBLE_EQ(longer.shots[1].start, 4.0);
  EXPECT_NEAR(longer.DurationSeconds(), 7.0, 1e-9);
  EXPECT_EQ(longer.cast.size(), 1u);  // "the dog" is the dog we had
  bool jumps = false;
  for (const Action& a : longer.shots[1].actions) jumps |= a.actor == "dog" && a.verb == "jump";
  EXPECT_TRUE(jumps);
  EXPECT_EQ(longer.shots[1].setting.place, "lake");
  EXPECT_EQ(longer.shots[1].setting.time_of_day, "sunset");  // continues
  EXPECT_EQ(longer.origin.instruction, "extend: then the dog jumps into a lake");
  // The first shot is untouched.
  EXPECT_EQ(ToJson(longer)["shots"][0], ToJson(source)["shots"][0]);

  // Pronouns and names refer to the cast we have.
  const Storyboard mia = MustPlan("A woman named Mia walks in a park");
  const Storyboard waves = Must(Extend(mia, "she waves and says \"Bye!\"", 2, 1));
  EXPECT_EQ(waves.cast.size(), 1u);
  EXPECT_EQ(waves.shots.back().dialogue.at(0).speaker, "mia");
  const Storyboard again = Must(Extend(mia, "Mia sits on a bench", 2, 1));
  EXPECT_EQ(again.cast.size(), 1u);
  EXPECT_EQ(again.shots.back().setting.place, "park");
  // Several shots, and new cast alongside the old.
  const Storyboard more = Must(Extend(mia, "a dog runs up, then Mia pets it", 4, 1));
  EXPECT_EQ(more.shots.size(), 3u);
  EXPECT_NE(more.FindCast("dog"), nullptr);
  EXPECT_NEAR(more.DurationSeconds(), mia.DurationSeconds() + 4, 1e-9);
}

TEST(ExtendTest, RejectsBadLengths) {
  const Storyboard source = MustPlan(kHello, 58);
  EXPECT_EQ(Extend(source, "then it rains", 0, 1).error().detail, "seconds");
  EXPECT_EQ(Extend(source, "then it rains", -1, 1).error().detail, "seconds");
  EXPECT_EQ(Extend(source, "then it rains", 3, 1).error().detail, "seconds");
  EXPECT_TRUE(Extend(source, "then it rains", 2, 1).ok());
  EXPECT_EQ(Extend(source, "", 1, 1).error().detail, "prompt");
}

TEST(EditTest, ReplansOneShotKeepingItsPlace) {
  const Storyboard source =
      MustPlan("Shot 1: a dog runs on the beach. Shot 2: the dog sleeps. Shot 3: the dog barks", 6);
  ASSERT_EQ(source.shots.size(), 3u);
  const Storyboard edited =
      Must(Edit(source, "s2", R"(a cat eats in a kitchen and says "Yum")", 1));
  const Shot& s2 = edited.shots[1];
  EXPECT_EQ(s2.id, "s2");
  EXPECT_DOUBLE_EQ(s2.start, source.shots[1].start);
  EXPECT_DOUBLE_EQ(s2.duration, source.shots[1].duration);
  EXPECT_EQ(s2.setting.place, "kitchen");
  ASSERT_EQ(s2.dialogue.size(), 1u);
  EXPECT_EQ(s2.dialogue[0].speaker, "cat");
  EXPECT_EQ(s2.dialogue[0].text, "Yum");
  bool eats = false;
  for (const Action& a : s2.actions) eats |= a.actor == "cat" && a.verb == "eat";
  EXPECT_TRUE(eats);
  // Other shots are untouched.
  EXPECT_EQ(ToJson(edited)["shots"][0], ToJson(source)["shots"][0]);
  EXPECT_EQ(ToJson(edited)["shots"][2], ToJson(source)["shots"][2]);
  EXPECT_EQ(edited.origin.instruction, R"(edit s2: a cat eats in a kitchen and says "Yum")");

  // Naming only the camera or the time changes only that.
  const Storyboard close = Must(Edit(source, "s3", "close-up at night", 1));
  EXPECT_EQ(close.shots[2].camera.framing, "close-up");
  EXPECT_EQ(close.shots[2].setting.time_of_day, "night");
  EXPECT_EQ(ToJson(close)["shots"][2]["actions"], ToJson(source)["shots"][2]["actions"]);
  EXPECT_EQ(close.shots[2].setting.place, source.shots[2].setting.place);

  // "the dog" in an edit is the dog we have.
  const Storyboard jump = Must(Edit(source, "s2", "the dog jumps", 1));
  EXPECT_EQ(jump.cast.size(), source.cast.size());
}

TEST(EditTest, RejectsUnknownShotsAndEmptyChanges) {
  const Storyboard source = MustPlan(kHello);
  auto missing = Edit(source, "s9", "at night", 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().detail, "shot_id");
  EXPECT_NE(missing.error().message.find("s1"), std::string::npos);
  EXPECT_EQ(Edit(source, "s1", "", 1).error().detail, "instruction");
  EXPECT_EQ(Edit(source, "s1", "qwzx", 1).error().detail, "instruction");
}

TEST(RemixTest, ChainsStayValidAndDeterministic) {
  const auto chain = [](uint64_t seed) {
    Storyboard sb = MustPlan(kHello, 4, seed);
    sb = Must(Remix(sb, "make it anime", seed));
    sb = Must(Remix(sb, "at night in the rain", seed));
    sb = Must(Extend(sb, "then the dog chases a ball, then it naps", 4, seed));
    sb = Must(Remix(sb, "make this an ad for a top hat with giant feathers", seed));
    sb = Must(Edit(sb, "s2", "close-up", seed));
    sb = Must(Remix(sb, "make the dog a cat", seed));
    sb = Must(Remix(sb, "make them speak Korean", seed));
    sb = Must(Extend(sb, "the cat waves goodbye", 2, seed));
    return sb;
  };
  const Storyboard a = chain(5);
  const Storyboard b = chain(5);
  EXPECT_EQ(ToJson(a).dump(), ToJson(b).dump());
  EXPECT_EQ(a.style, "anime");
  EXPECT_NEAR(a.DurationSeconds(), 10.0, 1e-9);
  for (const Shot& s : a.shots) EXPECT_EQ(s.setting.weather, "rain") << s.id;
  EXPECT_EQ(a.FindCast("dog")->species, "cat");
  EXPECT_EQ(a.cast.size(), ToJson(a)["cast"].size());
  // Round trip of the end of the chain.
  auto back = StoryboardFromJson(ToJson(a));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(ToJson(*back), ToJson(a));
}

}  // namespace
}  // namespace kinora::engine
