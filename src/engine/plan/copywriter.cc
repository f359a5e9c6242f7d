#include "engine/plan/copywriter.h"

#include <algorithm>
#include <array>

#include "engine/plan/copy_kit.h"
#include "engine/plan/language.h"
#include "engine/plan/shots.h"

namespace kinora::engine::plan {
namespace copy {
namespace {

template <typename List>
bool InList(const List& list, std::string_view w) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

// -- ads --------------------------------------------------------------------

struct Product {
  std::string name;    // "The Feathered Top Hat"
  std::string noun;    // "top hat"
  std::string head;    // "hat"
  std::string detail;  // "giant feathers"
  std::string color;
};

std::string Participle(std::string noun) {
  static constexpr std::pair<std::string_view, std::string_view> kForms[] = {
      {"feathers", "Feathered"}, {"feather", "Feathered"},  {"wheels", "Wheeled"},
      {"wings", "Winged"},       {"stripes", "Striped"},    {"spots", "Spotted"},
      {"sparkles", "Sparkling"}, {"lights", "Light-Up"},    {"diamonds", "Diamond"},
      {"jewels", "Jeweled"},     {"flowers", "Flowered"},   {"pockets", "Pocketed"},
      {"horns", "Horned"},       {"spikes", "Spiked"},      {"bells", "Belled"},
      {"sequins", "Sequined"},   {"glitter", "Glittering"}, {"gold", "Golden"},
      {"rainbow", "Rainbow"},    {"fur", "Furry"},          {"lace", "Lace"},
      {"leds", "Light-Up"},      {"bluetooth", "Wireless"}, {"sprinkles", "Sprinkled"},
  };
  for (auto [word, form] : kForms) {
    if (noun == word) return std::string(form);
  }
  if (noun.size() > 3 && noun.ends_with('s') && !noun.ends_with("ss")) noun.pop_back();
  if (noun.empty()) return {};
  noun += noun.ends_with('e') ? "d" : "ed";
  return TitleCase(noun);
}

Product ReadProduct(std::string_view subject) {
  Product p;
  std::vector<Word> words = SplitWords(subject);
  static constexpr std::string_view kLeads[] = {"a",  "an",   "the",   "some", "our",
                                                "my", "your", "their", "his",  "her"};
  while (!words.empty() && InList(kLeads, AsciiLower(words.front().text))) {
    words.erase(words.begin());
  }
  if (words.empty()) return p;
  // Head words run up to "with" / "that" / "made".
  size_t split = words.size();
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string w = AsciiLower(words[i].text);
    if (w == "with" || w == "that" || w == "which" || w == "featuring" || w == "made") {
      split = i;
      break;
    }
  }
  std::vector<std::string> head;
  bool brand = false;
  for (size_t i = 0; i < split; ++i) {
    const std::string lw = AsciiLower(words[i].text);
    if (InList(Colors(), lw) && p.color.empty() && split > 1) {
      p.color = lw;
    }
    head.push_back(words[i].text);
    brand |= words[i].text[0] >= 'A' && words[i].text[0] <= 'Z';
  }
  if (head.size() > 3) head.erase(head.begin(), head.end() - 3);
  std::string head_text;
  for (const auto& w : head) head_text += (head_text.empty() ? "" : " ") + w;
  p.noun = AsciiLower(head_text);
  p.head = head.empty() ? "" : AsciiLower(head.back());
  for (size_t i = split + 1; i < words.size(); ++i) {
    p.detail += (p.detail.empty() ? "" : " ") + AsciiLower(words[i].text);
  }
  std::string participle;
  if (split + 1 < words.size()) participle = Participle(AsciiLower(words.back().text));
  if (brand) {
    p.name = TitleCase(head_text);
  } else {
    p.name = "The " + (participle.empty() ? "" : participle + " ") + TitleCase(head_text);
    if (p.name.size() > 32) p.name = "The " + TitleCase(head_text);
  }
  return p;
}

std::string_view ProductCategory(const Product& p) {
  static constexpr std::string_view kFood[] = {
      "coffee", "tea",      "juice",  "soda",    "pizza",    "burger", "chocolate",
      "cream",  "snack",    "cereal", "cookie",  "cookies",  "cake",   "drink",
      "water",  "lemonade", "candy",  "noodles", "sandwich", "donut",  "donuts",
      "bar",    "smoothie", "milk",   "cheese",  "taco",     "tacos"};
  static constexpr std::string_view kTech[] = {
      "phone",      "smartphone", "laptop",  "headphones", "earbuds", "watch",
      "smartwatch", "camera",     "tablet",  "speaker",    "drone",   "app",
      "robot",      "computer",   "console", "gadget",     "tv"};
  static constexpr std::string_view kRide[] = {"car",       "truck",      "bike",
                                               "bicycle",   "scooter",    "skateboard",
                                               "surfboard", "motorcycle", "boat"};
  if (IsWearable(p.noun) || IsWearable(p.head)) return "wearable";
  if (InList(kFood, p.head)) return "food";
  if (InList(kTech, p.head)) return "tech";
  if (InList(kRide, p.head)) return "ride";
  return "generic";
}

std::vector<std::string> WriteAd(const FormatRequest& req, CastBook& book, Schedule& schedule,
                                 std::vector<Shot>& shots, const CopyOptions& o) {
  std::vector<std::string> warnings;
  Product product = ReadProduct(req.subject);
  if (product.name.empty()) {
    static constexpr std::string_view kBrands[] = {"Nimbus", "Lumo", "Zephyr", "Aurora", "Vela"};
    product.name = std::string(kBrands[Pick(o.seed, "ad:brand", std::size(kBrands))]);
  }
  // The presenter: a person in the cast, else an animal, else a new presenter.
  int presenter = book.WithLabel({"Presenter", "Host", "Spokesperson"});
  if (presenter < 0) presenter = book.FirstKind("person");
  if (presenter < 0) presenter = book.FirstKind("animal");
  if (presenter < 0) presenter = book.Add("presenter");
  const std::string presenter_id = book.id(presenter);
  // The product: worn by the presenter, or an object in the shots.
  std::string product_id;
  const std::string_view category = ProductCategory(product);
  if (category == "wearable") {
    CastMember& p = book.at(presenter);
    const std::string item = IsWearable(product.noun) ? product.noun : product.head;
    const bool worn = std::any_of(p.looks.outfit.begin(), p.looks.outfit.end(),
                                  [&](const OutfitItem& i) { return i.item == item; });
    if (!worn) p.looks.outfit.insert(p.looks.outfit.begin(), {item, product.color});
    if (!product.detail.empty() && std::find(p.looks.accessories.begin(), p.looks.accessories.end(),
                                             product.detail) == p.looks.accessories.end()) {
      p.looks.accessories.push_back(product.detail);
    }
  } else if (!product.noun.empty()) {
    const std::string stem = Slug(product.noun);
    int obj = book.Find([&](const CastMember& c) {
      return c.kind == "object" && (c.id == stem || c.id == Slug(product.head) ||
                                    AsciiLower(c.name).find(product.head) != std::string::npos);
    });
    if (obj < 0) {
      const CastTerm* term = FindCastTerm(product.head);
      if (term != nullptr && term->kind == "object") {
        obj = book.Add(product.head);
      } else {
        CastMember c;
        c.kind = "object";
        c.name = TitleCase(product.noun);
        c.id = stem.empty() ? "product" : stem;
        obj = book.AddMember(std::move(c));
        if (!IsDrawnProp(product.head)) {
          warnings.push_back("unknown thing '" + product.head + "' drawn as a generic object");
        }
      }
      if (!product.color.empty()) {
        book.at(obj).looks.outfit.push_back({product.head, product.color});
      }
    }
    product_id = book.id(obj);
  }
  // Lines. Mid-sentence, "The Feathered Top Hat" reads "the Feathered Top Hat".
  std::string spoken = product.name;
  if (spoken.starts_with("The ")) spoken[0] = 't';
  auto intro_options = FillAll(
      {"Introducing {p}.", "Meet {p}.", "Say hello to {p}.", "This is {p}."}, "{p}", spoken);
  intro_options.push_back(product.name + ".");
  std::vector<std::string> pitch_options;
  if (category == "wearable") {
    pitch_options = {"Heads will turn.", "Wear it loud.", "Style that speaks for itself.",
                     "Made to be noticed."};
  } else if (category == "food") {
    pitch_options = {"Taste the good life.", "One bite and you're hooked.", "Fresh, bold, yours."};
  } else if (category == "tech") {
    pitch_options = {"Smarter in every way.", "The future, in your hands.", "Power meets simple."};
  } else if (category == "ride") {
    pitch_options = {"Built for the open road.", "Ride like never before.", "Go further, faster."};
  } else {
    pitch_options = {"You didn't know you needed it.", "Nothing else comes close.",
                     "Small thing. Big joy.", "Made for days like this."};
  }
  const std::vector<std::string> slogan_options = {"Get yours today.", "Available now.",
                                                   "Treat yourself today.", "Only while it lasts."};
  const std::string slogan =
      Choose(slogan_options, o.seed, "ad:slogan", [](const std::string&) { return true; });
  const size_t last = shots.size() - 1;
  if (!o.keep_dialogue) {
    std::string intro = Choose(intro_options, o.seed, "ad:intro",
                               [&](const std::string& s) { return schedule.Fits(0, s); });
    if (intro.empty()) intro = product.name + "!";
    schedule.Place(0, {presenter_id, intro, "en", "excited"}, true);
    const size_t pitch_shot = std::min<size_t>(1, last);
    const std::string pitch = Choose(pitch_options, o.seed, "ad:pitch", [&](const std::string& s) {
      for (size_t i = pitch_shot; i < shots.size(); ++i) {
        if (schedule.Fits(i, s)) return true;
      }
      return false;
    });
    if (!pitch.empty()) schedule.PlaceFrom(pitch_shot, {presenter_id, pitch, "en", "neutral"});
    if (schedule.Fits(last, slogan))
      schedule.Place(last, {presenter_id, slogan, "en", "excited"}, false);
  }
  // Overlays: the product's name as the title, the slogan as a caption.
  Shot& first = shots.front();
  if (shots.size() == 1) {
    AddOverlay(first, product.name, "title", 0.0, first.duration * 0.5);
    AddOverlay(first, slogan, "caption", first.duration * 0.5, first.duration);
  } else {
    AddOverlay(first, product.name, "title", 0.0, std::min(first.duration, 2.5));
    Shot& end = shots.back();
    AddOverlay(end, slogan, "caption", std::max(0.0, end.duration - 2.0), end.duration);
  }
  AddSfx(first, "whoosh", 0.05);
  for (size_t i = 0; i < shots.size(); ++i) {
    AddIdle(shots[i], presenter_id);
    if (!product_id.empty()) AddIdle(shots[i], product_id);
  }
  SetFraming(first, 0, o, "medium");
  if (shots.size() > 1 && !product_id.empty()) {
    SetFraming(shots.back(), last, o, "close-up");
    shots.back().camera.subject = product_id;
  }
  return warnings;
}

// -- news -------------------------------------------------------------------

std::vector<std::string> WriteNews(const FormatRequest& req, CastBook& book, Schedule& schedule,
                                   std::vector<Shot>& shots, const CopyOptions& o) {
  int anchor = book.Find([](const CastMember& c) {
    return c.kind == "person" && (c.name == "Anchor" || c.id.starts_with("anchor") ||
                                  c.name == "Reporter" || c.id.starts_with("reporter"));
  });
  if (anchor < 0) anchor = book.FirstKind("person");
  if (anchor < 0) anchor = book.Add("news anchor");
  const std::string anchor_id = book.id(anchor);
  const std::string& tod = shots.front().setting.time_of_day;
  const bool morning = tod == "dawn" || tod == "morning";
  std::vector<std::string> intros = {
      morning ? "Good morning, and welcome." : "Good evening, and welcome.",
      "Breaking news tonight.", "This just in.", "Here's our top story."};
  if (book.HasRealName(anchor)) {
    intros.insert(intros.begin(), std::string(morning ? "Good morning. " : "Good evening. ") +
                                      "I'm " + book.at(anchor).name + ".");
  }
  std::string subject = req.subject;
  if (subject == "the weather") {
    const Setting& s = shots.front().setting;
    subject.clear();
    const std::string weather = s.weather == "clear"  ? "Clear skies"
                                : s.weather == "rain" ? "Rain"
                                : s.weather == "snow" ? "Snow"
                                : s.weather == "fog"  ? "Fog"
                                : s.weather == "wind" ? "Strong winds"
                                                      : "Clouds";
    intros = {"Time for the weather.", "Now, your forecast."};
    subject = weather + " all day";
  }
  std::vector<std::string> stories;
  if (req.subject == "the weather") {
    const std::string w = AsciiLower(subject.substr(0, subject.find(" all day")));
    stories = {"Expect " + w + " all day.", Capitalize(w) + " is here to stay.",
               Capitalize(w) + " all day, so plan ahead!"};
  } else if (!subject.empty()) {
    const std::string cap = Capitalize(subject);
    stories = FillAll(
        {"{s} has the whole town talking.", "Witnesses say {s} stole the show.",
         "Our top story: {s}.", "Reports are in: {s}.", "{s}. More at eleven.", "Top story: {s}."},
        "{s}", subject);
    for (auto& s : stories) s = Capitalize(s);
  } else {
    stories = {"Markets closed higher today.",
               "The city opens a new park.",
               "A heat wave is on the way.",
               "The home team won the final.",
               "Scientists spotted a new comet.",
               "Stocks hit a record.",
               "Snow is on the way.",
               "A new bridge opens."};
  }
  if (!o.keep_dialogue) {
    size_t shortest = 0;
    for (size_t k = 1; k < stories.size(); ++k) {
      if (stories[k].size() < stories[shortest].size()) shortest = k;
    }
    const double story_room = SpeechSeconds(stories[shortest]) + 0.25;
    std::string intro = Choose(intros, o.seed, "news:intro", [&](const std::string& s) {
      return SpeechSeconds(s) + story_room <= schedule.Room(0);
    });
    if (intro.empty()) {
      intro = Choose(intros, o.seed, "news:intro",
                     [&](const std::string& s) { return schedule.Fits(0, s); });
    }
    if (intro.empty()) intro = "This just in.";
    schedule.Place(0, {anchor_id, intro, "en", "calm"}, true);
    std::string story = Choose(stories, o.seed, "news:story", [&](const std::string& s) {
      for (size_t i = 0; i < schedule.size(); ++i) {
        if (schedule.Fits(i, s)) return true;
      }
      return false;
    });
    if (!story.empty()) schedule.PlaceFrom(0, {anchor_id, story, "en", "neutral"});
  }
  std::string banner = "BREAKING NEWS";
  if (!subject.empty() && subject.size() <= 24) banner = Upper(subject);
  Shot& first = shots.front();
  AddOverlay(first, banner, "lower-third", std::min(0.2, first.duration * 0.1), first.duration);
  AddIdle(first, anchor_id);
  SetFraming(first, 0, o, "medium");
  first.camera.move = "static";
  return {};
}

// -- sports -----------------------------------------------------------------

std::string MoveNoun(std::string_view verb) {
  static constexpr std::pair<std::string_view, std::string_view> kMoves[] = {
      {"kickflip", "kickflip"}, {"backflip", "backflip"}, {"gymnastics", "routine"},
      {"run", "sprint"},        {"jump", "jump"},         {"surf", "ride"},
      {"wakeboard", "run"},     {"skate", "run"},         {"dance", "performance"},
      {"throw", "throw"},       {"catch", "catch"},       {"swim", "swim"},
      {"ride", "ride"},         {"fall", "fall"}};
  for (auto [v, n] : kMoves) {
    if (v == verb) return std::string(n);
  }
  return "move";
}

std::vector<std::string> WriteSports(const FormatRequest& req, CastBook& book, Schedule& schedule,
                                     std::vector<Shot>& shots, const CopyOptions& o) {
  // The athlete: whoever does the most striking thing in the first shot.
  int athlete = -1;
  std::string verb;
  for (const Shot& s : shots) {
    for (const Action& a : s.actions) {
      if (a.verb == "idle" || a.verb == "talk") continue;
      const int i = book.Find([&](const CastMember& c) { return c.id == a.actor; });
      // A trick (a kickflip) says more than the riding around it.
      const bool better =
          verb.empty() || MoveNoun(verb) == "move" || (IsTrickVerb(a.verb) && !IsTrickVerb(verb));
      if (i >= 0 && better) {
        athlete = i;
        verb = a.verb;
      }
    }
    if (athlete >= 0) break;
  }
  // The crowd cheers where the main move lands.
  for (Shot& s : shots) {
    double land = s.duration * 0.7;
    for (const Action& a : s.actions) {
      if (a.verb != "idle" && a.verb != "talk" && a.until > 0 && a.until < s.duration) {
        land = a.until;
      }
    }
    if (&s == &shots.back() || s.actions.size() > 0) AddSfx(s, "crowd_cheer", land);
  }
  if (!req.commentary || o.keep_dialogue) return {};
  int caller = book.Find([](const CastMember& c) {
    return c.name == "Commentator" || c.id.starts_with("commentator");
  });
  if (caller < 0) caller = book.Add("commentator");
  const std::string caller_id = book.id(caller);
  const std::string who = athlete >= 0 ? book.Callsign(athlete) : "the champ";
  const std::string move = MoveNoun(verb);
  const auto intros = FillAll(
      {"Here comes {a}!", "All eyes on {a}!", "{a} steps up!", "Watch {a} now!"}, "{a}", who);
  std::vector<std::string> intro_options;
  for (auto s : intros) intro_options.push_back(Capitalize(s));
  const auto calls = FillAll(
      {"What a {m}!", "Look at that {m}!", "Unbelievable {m}!", "A perfect {m}!"}, "{m}", move);
  const std::vector<std::string> finishes = {"The crowd goes wild!", "Incredible!", "That's a ten!",
                                             "History made!"};
  std::string intro = Choose(intro_options, o.seed, "sports:intro",
                             [&](const std::string& s) { return schedule.Fits(0, s); });
  if (intro.empty()) intro = "Here we go!";
  schedule.Place(0, {caller_id, intro, "en", "excited"}, true);
  const std::string call = Choose(calls, o.seed, "sports:call", [&](const std::string& s) {
    for (size_t i = 0; i < schedule.size(); ++i) {
      if (schedule.Fits(i, s)) return true;
    }
    return false;
  });
  if (!call.empty() && !schedule.PlaceFrom(std::min<size_t>(1, shots.size() - 1),
                                           {caller_id, call, "en", "shouting"})) {
    schedule.PlaceFrom(0, {caller_id, call, "en", "shouting"});
  }
  const std::string finish = Choose(finishes, o.seed, "sports:finish", [&](const std::string& s) {
    return schedule.Fits(shots.size() - 1, s);
  });
  if (!finish.empty())
    schedule.Place(shots.size() - 1, {caller_id, finish, "en", "shouting"}, false);
  return {};
}

}  // namespace
}  // namespace copy

std::string ProductName(std::string_view subject) { return copy::ReadProduct(subject).name; }

std::vector<std::string> WriteCopy(const FormatRequest& request, std::vector<CastMember>& cast,
                                   std::vector<CastNotes>& notes, std::vector<Shot>& shots,
                                   const CopyOptions& options) {
  if (request.format == Format::kNone || shots.empty()) return {};
  copy::CastBook book(cast, notes, options.seed);
  copy::Schedule schedule(shots);
  switch (request.format) {
    case Format::kAd: return copy::WriteAd(request, book, schedule, shots, options);
    case Format::kNews: return copy::WriteNews(request, book, schedule, shots, options);
    case Format::kSports: return copy::WriteSports(request, book, schedule, shots, options);
    case Format::kCelebration:
      return copy::WriteCelebration(request, book, schedule, shots, options);
    case Format::kInterview: return copy::WriteInterview(request, book, schedule, shots, options);
    case Format::kVlog: return copy::WriteVlog(request, book, schedule, shots, options);
    case Format::kConversation:
      return copy::WriteConversation(request, book, schedule, shots, options);
    case Format::kNone: break;
  }
  return {};
}

}  // namespace kinora::engine::plan
