// Which format a prompt asks for (copywriter.h): an ad and its product, a
// news story, an interview, a sports call or competition, a celebration and
// its honoree, a vlog, a conversation and its languages.
#include <algorithm>

#include "engine/plan/copywriter.h"
#include "engine/plan/language.h"
#include "engine/plan/text.h"
#include "engine/plan/vocabulary.h"

namespace kinora::engine::plan {
namespace {

template <typename List>
bool InList(const List& list, std::string_view w) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

// ---------------------------------------------------------------------------
// Detection

// Where a subject phrase ("for a top hat with giant feathers") stops.
size_t SubjectEnd(std::string_view lower, size_t from) {
  size_t end = lower.size();
  static constexpr std::string_view kStops[] = {
      ".",          "!",        "?",         ";",          ",",         ":",
      " in a ",     " in an ",  " in the ",  " at a ",     " at the ",  " on a ",
      " on the ",   " then ",   " starring", " featuring", " where ",   " set in ",
      " presented", " by a ",   " by an ",   " told by",   " narrated", " shot ",
      " while ",    " as ",     " and then", " for the ",  " in ",      " on ",
      " at ",       " during ", " told ",    " voiced",    " spoken",   " read by"};
  for (std::string_view stop : kStops) {
    const size_t p = lower.find(stop, from);
    if (p != std::string_view::npos && p < end) end = p;
  }
  // "with a presenter": "with" followed by a cast word introduces people, not the product.
  for (size_t p = lower.find(" with ", from); p != std::string_view::npos && p < end;
       p = lower.find(" with ", p + 1)) {
    std::string_view rest = lower.substr(p + 6);
    for (std::string_view art : {"a ", "an ", "the ", "his ", "her ", "their "}) {
      if (rest.starts_with(art)) rest.remove_prefix(art.size());
    }
    for (const CastTerm& t : CastTerms()) {
      if (t.kind == "person" && rest.starts_with(t.word)) {
        end = p;
        break;
      }
    }
  }
  return end;
}

Span SubjectAfter(std::string_view lower, size_t from,
                  std::initializer_list<std::string_view> leads) {
  for (std::string_view lead : leads) {
    if (lower.substr(from, lead.size()) != lead) continue;
    const size_t b = from + lead.size();
    const size_t e = SubjectEnd(lower, b);
    if (e > b) return {b, e};
  }
  return {};
}

std::string SpanText(const PromptText& t, Span s) {
  return s.found() ? Trim(std::string_view(t.cased).substr(s.begin, s.end - s.begin)) : "";
}

Span FindAny(std::string_view lower, std::initializer_list<std::string_view> terms,
             Inflect inflect = Inflect::kNoun) {
  Span best;
  for (std::string_view t : terms) {
    const Span s = FindTerm(lower, t, inflect);
    if (s.found() && (!best.found() || s.begin < best.begin)) best = s;
  }
  return best;
}

bool DetectAd(const PromptText& t, FormatRequest& r) {
  const std::string& lower = t.lower;
  const Span ad = FindAny(lower, {"advertisement", "advert", "ad", "commercial", "infomercial",
                                  "promo", "product video", "tv spot", "teleshopping"});
  const Span selling = FindAny(
      lower, {"selling", "advertising", "promoting", "advertises", "promotes"}, Inflect::kExact);
  if (!ad.found() && !selling.found()) return false;
  r.format = Format::kAd;
  if (ad.found()) {
    r.subject_span = SubjectAfter(
        lower, ad.end, {" for ", " of ", " about ", " selling ", " promoting ", " advertising "});
  }
  if (!r.subject_span.found() && selling.found()) {
    r.subject_span = SubjectAfter(lower, selling.end, {" "});
  }
  if (!r.subject_span.found() && ad.found()) {
    // "a sneaker ad", "a Nimbus commercial": up to three words before the ad word.
    const std::vector<Word> words = SplitWords(std::string_view(lower).substr(0, ad.begin));
    size_t start = ad.begin;
    size_t end = ad.begin;
    while (end > 0 && lower[end - 1] == ' ') --end;
    for (size_t k = words.size(), n = 0; k > 0 && n < 3; --k, ++n) {
      const std::string& w = words[k - 1].text;
      if (w == "a" || w == "an" || w == "the" || w == "this" || w == "make" || w == "my" ||
          w == "our" || IsPhraseBreak(w) || words[k - 1].end + 1 < start) {
        break;
      }
      start = words[k - 1].begin;
    }
    if (start < end) r.subject_span = {start, end};
  }
  r.subject = SpanText(t, r.subject_span);
  return true;
}

bool DetectNews(const PromptText& t, FormatRequest& r) {
  const std::string& lower = t.lower;
  const Span news = FindAny(
      lower, {"news", "newscast", "newsreader", "news anchor", "anchor", "anchorwoman", "anchorman",
              "newscaster", "reporter", "weather forecast", "weather report", "journalist"});
  if (!news.found()) return false;
  r.format = Format::kNews;
  for (std::string_view lead : {" about ", " on ", " covering ", " reporting on "}) {
    const size_t p = lower.find(lead);
    if (p == std::string::npos) continue;
    const Span s = SubjectAfter(lower, p, {lead});
    // "on a beach" is a setting, not a story.
    const std::string text = SpanText(t, s);
    if (s.found() && FirstTerm(AsciiLower(text), kPlaceTerms).value.empty()) {
      r.subject_span = s;
      r.subject = text;
      break;
    }
  }
  if (r.subject.empty() && (HasTerm(lower, "weather forecast", Inflect::kExact) ||
                            HasTerm(lower, "weather report", Inflect::kExact))) {
    r.subject = "the weather";
  }
  return true;
}

bool DetectInterview(const PromptText& t, FormatRequest& r) {
  const Span s = FindAny(t.lower, {"interview", "q&a", "podcast", "talk show"});
  if (!s.found()) return false;
  r.format = Format::kInterview;
  r.subject_span = SubjectAfter(t.lower, s.end, {" with ", " of ", " about "});
  r.subject = SpanText(t, r.subject_span);
  return true;
}

bool DetectCommentary(const PromptText& t, FormatRequest& r) {
  if (!FindAny(t.lower,
               {"commentary", "commentator", "play-by-play", "play by play", "sports call",
                "announcer", "sportscaster", "calls the game", "calls the match", "calling the"})
           .found()) {
    return false;
  }
  r.format = Format::kSports;
  r.commentary = true;
  return true;
}

bool DetectCelebration(const PromptText& t, FormatRequest& r) {
  static constexpr std::pair<std::string_view, std::string_view> kOccasions[] = {
      {"birthday", "birthday"},       {"bday", "birthday"},         {"wedding", "wedding"},
      {"anniversary", "anniversary"}, {"graduation", "graduation"}, {"graduates", "graduation"},
      {"new year", "new year"},       {"new year's", "new year"},   {"party", "party"},
      {"celebration", "party"},       {"celebrate", "party"},       {"congratulat*", "graduation"},
  };
  Span first;
  for (auto [word, occasion] : kOccasions) {
    const Span s = FindTerm(t.lower, word, Inflect::kNoun);
    if (s.found() && (!first.found() || s.begin < first.begin)) {
      first = s;
      r.occasion = std::string(occasion);
    }
  }
  if (!first.found()) return false;
  r.format = Format::kCelebration;
  // The honoree: "Mia's birthday", "a dog's birthday", "birthday for Mia".
  const std::vector<Word> words = SplitWords(t.cased);
  size_t i = 0;
  while (i < words.size() && words[i].end <= first.begin) ++i;
  if (i > 0 && i < words.size()) {
    const std::string& prev = words[i - 1].text;
    for (std::string_view mark : {"'s", "\u2019s"}) {
      if (prev.size() > mark.size() && prev.ends_with(mark)) {
        r.honoree = prev.substr(0, prev.size() - mark.size());
      }
    }
  }
  for (size_t k = i + 1; k < words.size() && k < i + 5 && r.honoree.empty(); ++k) {
    const std::string lk = AsciiLower(words[k].text);
    if ((lk != "for" && lk != "of" && lk != "to") || k + 1 >= words.size()) continue;
    size_t c = k + 1;
    static constexpr std::string_view kSkip[] = {"my", "a", "the", "her", "his", "our", "their"};
    if (InList(kSkip, AsciiLower(words[c].text)) && c + 1 < words.size()) ++c;
    r.honoree = words[c].text;
  }
  return true;
}

bool DetectVlog(const PromptText& t, FormatRequest& r) {
  if (!FindAny(t.lower, {"vlog", "vlogger", "vlogging", "day in the life", "selfie video",
                         "youtuber", "influencer"})
           .found()) {
    return false;
  }
  r.format = Format::kVlog;
  return true;
}

bool DetectCompetition(const PromptText& t, FormatRequest& r) {
  if (!FindAny(t.lower, {"olympic*", "championship", "tournament", "world cup", "final", "finals",
                         "competition", "contest", "super bowl", "grand prix", "gold medal",
                         "medal", "match", "the game"})
           .found()) {
    return false;
  }
  r.format = Format::kSports;
  return true;
}

bool DetectConversation(const PromptText& t, FormatRequest& r) {
  const bool talk =
      FindAny(t.lower,
              {"talk*", "chat*", "convers*", "discuss*", "speak*", "greet*", "argu*", "gossip*"},
              Inflect::kExact)
          .found();
  if (!talk && r.languages.empty()) return false;
  r.format = Format::kConversation;
  return true;
}

}  // namespace

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kNone: return "none";
    case Format::kAd: return "ad";
    case Format::kNews: return "news";
    case Format::kSports: return "sports";
    case Format::kCelebration: return "celebration";
    case Format::kInterview: return "interview";
    case Format::kVlog: return "vlog";
    case Format::kConversation: return "conversation";
  }
  return "none";
}

FormatRequest DetectFormat(const PromptText& text) {
  FormatRequest r;
  r.languages = NamedLanguages(text.lower);
  if (DetectAd(text, r) || DetectNews(text, r) || DetectInterview(text, r) ||
      DetectCommentary(text, r) || DetectCelebration(text, r) || DetectVlog(text, r) ||
      DetectCompetition(text, r) || DetectConversation(text, r)) {
    return r;
  }
  return r;
}

std::string_view MoodForFormat(Format format) {
  switch (format) {
    case Format::kAd: return "upbeat";
    case Format::kNews: return "news";
    case Format::kSports: return "epic";
    case Format::kCelebration: return "upbeat";
    case Format::kInterview: return "calm";
    case Format::kVlog: return "upbeat";
    case Format::kConversation: return "calm";
    case Format::kNone: return "";
  }
  return "";
}

std::string_view PlaceForFormat(Format format) {
  switch (format) {
    case Format::kNews: return "newsroom";
    case Format::kSports: return "stadium";
    case Format::kCelebration: return "living room";
    case Format::kInterview: return "studio";
    case Format::kVlog: return "city street";
    default: return "";
  }
}

}  // namespace kinora::engine::plan
