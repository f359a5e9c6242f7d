// The copywriter's occasions: celebrations, interviews, vlogs and
// conversations (copywriter.h).
#include <array>

#include "engine/plan/copy_kit.h"
#include "engine/plan/language.h"

namespace kinora::engine::plan::copy {

// -- celebrations -----------------------------------------------------------

std::vector<std::string> WriteCelebration(const FormatRequest& req, CastBook& book,
                                          Schedule& schedule, std::vector<Shot>& shots,
                                          const CopyOptions& o) {
  std::vector<std::string> warnings;
  const std::string lower_honoree = AsciiLower(req.honoree);
  int honoree = -1;
  if (!req.honoree.empty()) {
    honoree = book.Find([&](const CastMember& c) {
      return AsciiLower(c.name) == lower_honoree || c.species == lower_honoree ||
             c.id == Slug(req.honoree);
    });
    const bool is_name =
        req.honoree[0] >= 'A' && req.honoree[0] <= 'Z' && FindCastTerm(lower_honoree) == nullptr;
    if (honoree < 0 && is_name) {
      honoree = book.Add("person", req.honoree);
    }
  }
  if (honoree < 0 && req.occasion == "wedding") {
    const int people = static_cast<int>(std::count_if(
        book.begin(), book.end(), [](const CastMember& c) { return c.kind == "person"; }));
    if (people < 2) {
      honoree = book.Find([](const CastMember& c) { return c.name == "Bride"; });
      if (honoree < 0) honoree = book.Add("bride");
      if (book.Find([](const CastMember& c) { return c.name == "Groom"; }) < 0) book.Add("groom");
    }
  }
  if (honoree < 0 && req.occasion != "party" && req.occasion != "new year") {
    honoree = book.Find([](const CastMember& c) { return c.kind != "object"; });
  }
  std::string name;
  if (honoree >= 0 && book.HasRealName(honoree)) name = book.at(honoree).name;
  // A guest speaks: someone else, or a new friend.
  int guest = book.Find([&](const CastMember& c) {
    const bool couple = req.occasion == "wedding" && (c.name == "Bride" || c.name == "Groom");
    return c.kind == "person" && !couple && (honoree < 0 || c.id != book.id(honoree));
  });
  if (guest < 0) guest = book.Add("friend");
  const std::string guest_id = book.id(guest);
  const std::string language = req.languages.empty() ? "en" : req.languages.front();
  std::vector<std::string> cheers;
  std::string reply_key = "thank_you";
  std::string title;
  if (req.occasion == "birthday") {
    cheers = {name.empty() ? Phrase("happy_birthday", language)
                           : Phrase("happy_birthday_name", language, name)};
    if (language == "en" && !name.empty()) cheers.push_back("Make a wish, " + name + "!");
    title = name.empty() ? "Happy Birthday!" : "Happy Birthday, " + name + "!";
  } else if (req.occasion == "graduation") {
    cheers = {name.empty() ? "You did it!" : Phrase("congratulations_name", language, name)};
    if (language == "en" && !name.empty()) cheers.push_back("You did it, " + name + "!");
    title = name.empty() ? "Congratulations!" : "Congratulations, " + name + "!";
  } else if (req.occasion == "new year") {
    cheers = {Phrase("happy_new_year", language)};
    title = "Happy New Year!";
    reply_key = "cheers";
  } else if (req.occasion == "wedding") {
    cheers = {"To the happy couple!", "Cheers to love!"};
    title = "Just Married!";
    reply_key = "cheers";
  } else if (req.occasion == "anniversary") {
    cheers = {"Happy anniversary!", "Here's to many more!"};
    title = "Happy Anniversary!";
  } else {
    cheers = {"Let's celebrate!", "Cheers, everyone!"};
    title = "Let's Celebrate!";
    reply_key = "cheers";
  }
  if (language != "en" && !HasLanguage(language)) {
    warnings.push_back("the copywriter has no " + LanguageName(language) +
                       " phrases; the lines are in English");
  }
  const std::string line_language = HasLanguage(language) ? language : "en";
  if (!o.keep_dialogue) {
    // The first cheer is always spoken; the rest where they fit.
    schedule.Place(0, {guest_id, cheers.front(), line_language, "excited"}, true);
    for (size_t k = 1; k < cheers.size(); ++k) {
      if (cheers[k].find_first_of("{}") != std::string::npos) continue;
      schedule.PlaceFrom(0, {guest_id, cheers[k], "en", "excited"});
    }
    if (honoree >= 0 && book.at(honoree).kind != "object") {
      const std::string reply = Phrase(reply_key, line_language);
      schedule.PlaceFrom(0, {book.id(honoree), reply, line_language, "excited"});
    }
  }
  Shot& first = shots.front();
  AddOverlay(first, title, "title", 0.0,
             std::min(first.duration, std::max(1.5, first.duration * 0.6)));
  Shot& end = shots.back();
  AddSfx(end, "applause", end.duration * 0.6);
  for (Shot& s : shots) {
    if (honoree >= 0) AddIdle(s, book.id(honoree));
  }
  bool clapping = false;
  for (const Action& a : end.actions) clapping |= a.actor == guest_id;
  if (!clapping) {
    end.actions.push_back(
        {guest_id, "clap", end.duration * 0.6, std::min(end.duration, end.duration * 0.6 + 1.2)});
  }
  return warnings;
}

// -- interviews -------------------------------------------------------------

std::vector<std::string> WriteInterview(const FormatRequest& req, CastBook& book,
                                        Schedule& schedule, std::vector<Shot>& shots,
                                        const CopyOptions& o) {
  int host = book.Find([](const CastMember& c) {
    for (std::string_view l : {"Interviewer", "Reporter", "Host", "Presenter", "Anchor"}) {
      if (c.name == l || c.id.starts_with(Slug(l))) return true;
    }
    return false;
  });
  if (host < 0) host = book.Add("interviewer");
  int guest =
      book.Find([&](const CastMember& c) { return c.kind != "object" && c.id != book.id(host); });
  if (guest < 0) {
    guest = book.Add("person", "Guest");
  }
  const std::string host_id = book.id(host);
  const std::string guest_id = book.id(guest);
  // Questions with the answers that fit them.
  std::vector<std::pair<std::string, std::string>> pairs = {
      {"So, how did you get started?", "It all started as a hobby."},
      {"What's your secret?", "Honestly? Lots of practice."},
      {"What inspires you?", "The people I meet."},
      {"What's next for you?", "Bigger things. Stay tuned!"},
  };
  const std::string role = AsciiLower(book.at(guest).name);
  if (!book.HasRealName(guest) && book.at(guest).kind == "person" && role != "guest" &&
      role != "person") {
    pairs.insert(pairs.begin(), {"Why did you become a " + role + "?", "I just love what I do."});
  }
  if (!o.keep_dialogue) {
    const size_t answer_shot = std::min<size_t>(1, shots.size() - 1);
    const size_t start = Pick(o.seed, "interview", pairs.size());
    size_t chosen = start;
    for (size_t k = 0; k < pairs.size(); ++k) {
      const auto& [q, a] = pairs[(start + k) % pairs.size()];
      const double need =
          answer_shot == 0 ? SpeechSeconds(q) + 0.25 + SpeechSeconds(a) : SpeechSeconds(q);
      if (need <= schedule.Room(0) && (answer_shot == 0 || schedule.Fits(answer_shot, a))) {
        chosen = (start + k) % pairs.size();
        break;
      }
    }
    schedule.Place(0, {host_id, pairs[chosen].first, "en", "neutral"}, true);
    schedule.Place(answer_shot, {guest_id, pairs[chosen].second, "en", "calm"}, true);
  }
  Shot& answer = shots[std::min<size_t>(1, shots.size() - 1)];
  AddOverlay(answer, book.at(guest).name, "lower-third", 0.0, answer.duration);
  for (size_t i = 0; i < shots.size(); ++i) {
    SetFraming(shots[i], i, o, shots.size() > 1 ? "over-the-shoulder" : "medium");
    AddIdle(shots[i], host_id);
    AddIdle(shots[i], guest_id);
  }
  (void)req;
  return {};
}

// -- vlogs ------------------------------------------------------------------

std::vector<std::string> WriteVlog(const FormatRequest&, CastBook& book, Schedule& schedule,
                                   std::vector<Shot>& shots, const CopyOptions& o) {
  int vlogger = book.FirstKind("person");
  if (vlogger < 0) vlogger = book.Add("vlogger");
  const std::string id = book.id(vlogger);
  std::vector<std::string> hellos = {"Hey everyone, welcome back!", "Hi guys, welcome back!",
                                     "What's up, everyone?"};
  if (book.HasRealName(vlogger))
    hellos.insert(hellos.begin(), "Hi, it's " + book.at(vlogger).name + "!");
  const std::string& place = shots.front().setting.place;
  std::string where = place == "city street" ? "in the city" : "at the " + place;
  if (place == "studio" || place == "living room") where = "at home";
  const std::vector<std::string> middles = {"Today we're " + where + "!",
                                            "So today, " + where + "!", "Okay, this is so cool."};
  const std::vector<std::string> outros = {"Don't forget to subscribe!", "See you next time!",
                                           "Like and subscribe!"};
  if (!o.keep_dialogue) {
    std::string hello = Choose(hellos, o.seed, "vlog:hello",
                               [&](const std::string& s) { return schedule.Fits(0, s); });
    if (hello.empty()) hello = "Hey guys!";
    schedule.Place(0, {id, hello, "en", "excited"}, true);
    const std::string middle = Choose(middles, o.seed, "vlog:middle", [&](const std::string& s) {
      for (size_t i = 0; i < schedule.size(); ++i) {
        if (schedule.Fits(i, s)) return true;
      }
      return false;
    });
    if (!middle.empty()) schedule.PlaceFrom(0, {id, middle, "en", "excited"});
    const std::string outro = Choose(outros, o.seed, "vlog:outro", [&](const std::string& s) {
      return schedule.Fits(shots.size() - 1, s);
    });
    if (!outro.empty()) schedule.Place(shots.size() - 1, {id, outro, "en", "excited"}, false);
  }
  for (size_t i = 0; i < shots.size(); ++i) {
    SetFraming(shots[i], i, o, "close-up");
    shots[i].camera.move = "handheld";
    AddIdle(shots[i], id);
  }
  return {};
}

// -- conversations ----------------------------------------------------------

std::vector<std::string> WriteConversation(const FormatRequest& req, CastBook& book,
                                           Schedule& schedule, std::vector<Shot>& shots,
                                           const CopyOptions& o) {
  std::vector<std::string> warnings;
  if (o.keep_dialogue) return warnings;
  std::vector<int> speakers;
  for (int i = 0; speakers.size() < 2; ++i) {
    const int found = book.Find([&](const CastMember& c) {
      if (c.kind == "object") return false;
      return std::none_of(speakers.begin(), speakers.end(),
                          [&](int s) { return book.id(s) == c.id; });
    });
    if (found < 0) break;
    speakers.push_back(found);
    (void)i;
  }
  while (speakers.size() < 2 && (speakers.empty() || req.languages.size() > 1)) {
    speakers.push_back(book.Add("person"));
  }
  std::vector<std::string> languages = req.languages;
  if (languages.empty()) languages.push_back("en");
  for (const std::string& l : languages) {
    if (!HasLanguage(l)) {
      warnings.push_back("the copywriter has no " + LanguageName(l) +
                         " phrases; those lines are in English");
    }
  }
  static constexpr std::array<std::array<std::string_view, 4>, 3> kScripts = {{
      {"hello", "nice_to_meet_you", "how_are_you", "fine_thanks"},
      {"good_morning", "good_morning", "beautiful_day", "lets_go"},
      {"hello", "hello", "how_are_you", "fine_thanks"},
  }};
  const auto& script = kScripts[Pick(o.seed, "conversation", kScripts.size())];
  size_t shot = 0;
  for (size_t k = 0; k < script.size(); ++k) {
    const int who = speakers[k % speakers.size()];
    std::string language = languages[(k % speakers.size()) % languages.size()];
    if (!HasLanguage(language)) language = "en";
    const Line line{book.id(who), Phrase(script[k], language), language,
                    k == 0 ? "excited" : "neutral"};
    // The first exchange is always spoken; the rest only where it fits.
    if (k < std::min<size_t>(2, speakers.size())) {
      if (!schedule.PlaceFrom(shot, line)) schedule.Place(shot, line, true);
    } else if (!schedule.PlaceFrom(shot, line)) {
      break;
    }
    // Alternate shots follow the talk when there are several.
    if (shots.size() > 1 && shot + 1 < shots.size() && schedule.Room(shot) < 0.8) ++shot;
  }
  for (size_t i = 0; i < shots.size(); ++i) {
    for (int s : speakers) AddIdle(shots[i], book.id(s));
    if (shots.size() > 1) SetFraming(shots[i], i, o, "over-the-shoulder");
  }
  return warnings;
}

}  // namespace kinora::engine::plan::copy
