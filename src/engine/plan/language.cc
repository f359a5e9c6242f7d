#include "engine/plan/language.h"

#include <algorithm>
#include <array>

#include "core/utf8.h"
#include "engine/plan/planner.h"
#include "engine/plan/text.h"
#include "engine/plan/vocabulary.h"

namespace kinora::engine {
namespace plan {
namespace {

struct StopWords {
  std::string_view code;
  std::array<std::string_view, 21> words;
};

constexpr StopWords kStopWords[] = {
    {"en",
     {"the", "is", "hello", "you", "and", "to", "of", "it", "this", "world", "i", "are", "what",
      "my"}},
    {"es",
     {"el", "la", "que", "hola", "es", "y", "los", "por", "muy", "gracias", "mundo", "buenos",
      "estás", "qué"}},
    {"fr", {"le",       "je",        "bonjour", "est",   "et",   "les", "merci",
            "vous",     "monde",     "oui",     "c'est", "très", "ça",  "suis",
            "enchanté", "enchantée", "bonsoir", "salut", "une",  "mon", "où"}},
    {"de",
     {"der", "die", "und", "ich", "ist", "das", "nicht", "hallo", "danke", "welt", "guten", "ein",
      "wie", "geht's"}},
    {"it",
     {"il", "che", "ciao", "sono", "è", "grazie", "non", "buongiorno", "della", "mondo", "questo",
      "molto", "come", "stai"}},
    {"pt",
     {"olá", "obrigado", "você", "não", "um", "uma", "bom", "dia", "mundo", "muito", "eu", "isso",
      "obrigada", "tudo"}},
};

// The phrasebook. Columns follow kBookLanguages.
constexpr std::array<std::string_view, 12> kBookLanguages = {"en", "es", "fr", "de", "it", "pt",
                                                             "ja", "ko", "zh", "ru", "hi", "ar"};
struct Entry {
  std::string_view key;
  std::array<std::string_view, 12> text;
};

// clang-format off
constexpr Entry kBook[] = {
    {"hello", {"Hello!", "¡Hola!", "Bonjour !", "Hallo!", "Ciao!", "Olá!", "こんにちは！",
               "안녕하세요!", "你好！", "Привет!", "नमस्ते!", "مرحبا!"}},
    {"hello_world", {"Hello world", "Hola, mundo", "Bonjour le monde", "Hallo Welt", "Ciao mondo",
                     "Olá, mundo", "こんにちは、世界", "안녕, 세상아", "你好，世界", "Привет, мир",
                     "नमस्ते दुनिया", "مرحبا بالعالم"}},
    {"how_are_you", {"How are you?", "¿Cómo estás?", "Comment ça va ?", "Wie geht's?",
                     "Come stai?", "Como você está?", "お元気ですか？", "잘 지냈어요?", "你好吗？",
                     "Как дела?", "आप कैसे हैं?", "كيف حالك؟"}},
    {"fine_thanks", {"I'm great, thanks!", "¡Muy bien, gracias!", "Très bien, merci !",
                     "Sehr gut, danke!", "Benissimo, grazie!", "Muito bem, obrigado!",
                     "元気です、ありがとう！", "잘 지냈어요, 고마워요!", "我很好，谢谢！",
                     "Отлично, спасибо!", "मैं ठीक हूँ, धन्यवाद!", "بخير، شكرا!"}},
    {"nice_to_meet_you", {"Nice to meet you!", "¡Mucho gusto!", "Enchanté !", "Freut mich!",
                          "Piacere!", "Prazer em conhecer!", "はじめまして！", "만나서 반가워요!",
                          "很高兴认识你！", "Очень приятно!", "आपसे मिलकर खुशी हुई!",
                          "تشرفت بمعرفتك!"}},
    {"good_morning", {"Good morning!", "¡Buenos días!", "Bonjour !", "Guten Morgen!",
                      "Buongiorno!", "Bom dia!", "おはようございます！", "좋은 아침이에요!",
                      "早上好！", "Доброе утро!", "सुप्रभात!", "صباح الخير!"}},
    {"thank_you", {"Thank you!", "¡Gracias!", "Merci !", "Danke!", "Grazie!", "Obrigado!",
                   "ありがとう！", "고마워요!", "谢谢！", "Спасибо!", "धन्यवाद!", "شكرا!"}},
    {"goodbye", {"Goodbye!", "¡Adiós!", "Au revoir !", "Tschüss!", "Arrivederci!", "Tchau!",
                 "さようなら！", "안녕히 가세요!", "再见！", "До свидания!", "अलविदा!",
                 "مع السلامة!"}},
    {"see_you", {"See you soon!", "¡Hasta pronto!", "À bientôt !", "Bis bald!", "A presto!",
                 "Até logo!", "またね！", "또 봐요!", "回头见！", "До скорого!", "फिर मिलेंगे!",
                 "أراك قريبا!"}},
    {"happy_birthday_name", {"Happy birthday, {name}!", "¡Feliz cumpleaños, {name}!",
                             "Joyeux anniversaire, {name} !", "Alles Gute, {name}!",
                             "Buon compleanno, {name}!", "Feliz aniversário, {name}!",
                             "{name}、お誕生日おめでとう！", "생일 축하해, {name}!",
                             "{name}，生日快乐！", "С днём рождения, {name}!",
                             "जन्मदिन मुबारक, {name}!", "عيد ميلاد سعيد يا {name}!"}},
    {"happy_birthday", {"Happy birthday!", "¡Feliz cumpleaños!", "Joyeux anniversaire !",
                        "Alles Gute zum Geburtstag!", "Buon compleanno!", "Feliz aniversário!",
                        "お誕生日おめでとう！", "생일 축하해요!", "生日快乐！", "С днём рождения!",
                        "जन्मदिन मुबारक!", "عيد ميلاد سعيد!"}},
    {"congratulations_name", {"Congratulations, {name}!", "¡Felicidades, {name}!",
                              "Félicitations, {name} !", "Glückwunsch, {name}!",
                              "Congratulazioni, {name}!", "Parabéns, {name}!",
                              "{name}、おめでとう！", "축하해, {name}!", "{name}，恭喜你！",
                              "Поздравляю, {name}!", "बधाई हो, {name}!", "مبروك يا {name}!"}},
    {"happy_new_year", {"Happy New Year!", "¡Feliz Año Nuevo!", "Bonne année !",
                        "Frohes neues Jahr!", "Buon anno!", "Feliz Ano Novo!",
                        "あけましておめでとう！", "새해 복 많이 받으세요!", "新年快乐！",
                        "С Новым годом!", "नया साल मुबारक!", "سنة سعيدة!"}},
    {"cheers", {"Cheers!", "¡Salud!", "Santé !", "Prost!", "Salute!", "Saúde!", "乾杯！", "건배!",
                "干杯！", "За нас!", "चीयर्स!", "في صحتك!"}},
    {"lets_go", {"Let's go!", "¡Vamos!", "On y va !", "Los geht's!", "Andiamo!", "Vamos lá!",
                 "行こう！", "가자!", "我们走吧！", "Поехали!", "चलो चलें!", "هيا بنا!"}},
    {"i_love_you", {"I love you", "Te quiero", "Je t'aime", "Ich liebe dich", "Ti amo",
                    "Eu te amo", "愛してる", "사랑해", "我爱你", "Я тебя люблю",
                    "मुझे तुमसे प्यार है", "أحبك"}},
    {"welcome", {"Welcome!", "¡Bienvenidos!", "Bienvenue !", "Willkommen!", "Benvenuti!",
                 "Bem-vindos!", "ようこそ！", "환영합니다!", "欢迎！", "Добро пожаловать!",
                 "स्वागत है!", "أهلا وسهلا!"}},
    {"beautiful_day", {"What a beautiful day!", "¡Qué día tan bonito!", "Quelle belle journée !",
                       "Was für ein schöner Tag!", "Che bella giornata!", "Que dia lindo!",
                       "なんていい天気！", "날씨 정말 좋다!", "今天天气真好！",
                       "Какой чудесный день!", "क्या खूबसूरत दिन है!", "يا له من يوم جميل!"}},
    {"delicious", {"This is delicious!", "¡Esto está delicioso!", "C'est délicieux !",
                   "Das ist lecker!", "È delizioso!", "Isso está delicioso!", "おいしい！",
                   "정말 맛있어요!", "真好吃！", "Очень вкусно!", "बहुत स्वादिष्ट है!",
                   "هذا لذيذ!"}},
};
// clang-format on

int BookColumn(std::string_view language) {
  for (size_t i = 0; i < kBookLanguages.size(); ++i) {
    if (kBookLanguages[i] == language) return static_cast<int>(i);
  }
  // "pt-BR" reads the Portuguese column, "zh-Hans" the Chinese one.
  const std::string_view base = language.substr(0, language.find('-'));
  if (base != language) return BookColumn(base);
  return -1;
}

// Lower-cased ASCII with punctuation and extra spaces removed, for matching.
std::string Normalize(std::string_view text) {
  static constexpr std::string_view kPunct[] = {"。", "！", "？", "、", "，", "¡", "¿", "…"};
  std::string out;
  for (size_t i = 0; i < text.size();) {
    bool skipped = false;
    for (std::string_view p : kPunct) {
      if (text.substr(i, p.size()) == p) {
        i += p.size();
        skipped = true;
        out += ' ';
        break;
      }
    }
    if (skipped) continue;
    char c = text[i++];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '.' || c == ',' || c == '!' || c == '?' || c == ';' || c == ':' || c == '"') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Whether `text` matches `pattern` (which may hold one {name}); fills `name`.
bool MatchPhrase(std::string_view text, std::string_view pattern, std::string& name) {
  const size_t slot = pattern.find("{name}");
  if (slot == std::string_view::npos) return Normalize(text) == Normalize(pattern);
  const std::string norm = Normalize(text);
  const std::string prefix = Normalize(pattern.substr(0, slot));
  const std::string suffix = Normalize(pattern.substr(slot + 6));
  if (norm.size() <= prefix.size() + suffix.size()) return false;
  if (norm.compare(0, prefix.size(), prefix) != 0) return false;
  if (!suffix.empty() && norm.compare(norm.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  name = Trim(norm.substr(prefix.size(), norm.size() - prefix.size() - suffix.size()));
  return !name.empty() && name.find(' ') == std::string::npos;
}

std::string Fill(std::string_view pattern, std::string_view name) {
  std::string out(pattern);
  const size_t slot = out.find("{name}");
  if (slot != std::string::npos) out.replace(slot, 6, name);
  return out;
}

}  // namespace

LanguageGuess GuessLanguage(std::string_view line, std::string_view context) {
  LanguageGuess g;
  bool kana = false, han = false;
  for (size_t i = 0; i < line.size();) {
    const char32_t cp = DecodeUtf8(line, i);
    const auto script = [&](std::string_view code) {
      g.code = std::string(code);
      g.from_script = true;
      return g;
    };
    switch (core::ScriptOf(cp)) {
      case core::Script::kHangul: return script("ko");
      case core::Script::kKana: kana = true; break;
      case core::Script::kHan: han = true; break;
      case core::Script::kCyrillic: return script("ru");
      case core::Script::kArabic: return script("ar");
      case core::Script::kDevanagari: return script("hi");
      case core::Script::kGreek: return script("el");
      case core::Script::kHebrew: return script("he");
      case core::Script::kThai: return script("th");
      // The phrasebook has no Bengali or Tamil: those lines take the vote.
      case core::Script::kBengali:
      case core::Script::kTamil:
      case core::Script::kOther: break;
    }
  }
  if (kana || han) {
    g.code = kana ? "ja" : "zh";
    g.from_script = true;
    return g;
  }
  // Latin script: an explicit "in French" near the line decides; with several
  // named ("in Korean and French") only those written in Latin script count.
  static constexpr std::string_view kNonLatin[] = {"ja", "ko", "zh", "yue", "ru", "ar",
                                                   "hi", "el", "he", "th",  "uk"};
  std::vector<std::string> named;
  for (std::string& code : NamedLanguages(AsciiLower(context))) {
    if (std::find(std::begin(kNonLatin), std::end(kNonLatin), code) == std::end(kNonLatin)) {
      named.push_back(std::move(code));
    }
  }
  const bool all_named_non_latin = named.empty() && !NamedLanguages(AsciiLower(context)).empty();
  if (all_named_non_latin) {
    // "says "hello" in Korean": the speaker is meant to speak Korean.
    g.code = NamedLanguages(AsciiLower(context)).front();
    g.from_hint = true;
    return g;
  }
  // Otherwise a vote among each language's commonest words.
  const std::string lowered = AsciiLower(line);
  std::string_view best = named.empty() ? "en" : std::string_view(named.front());
  int best_score = 0;
  for (const auto& sw : kStopWords) {
    if (!named.empty() && std::find(named.begin(), named.end(), sw.code) == named.end()) continue;
    int score = 0;
    for (auto w : sw.words) {
      for (Span s = FindTerm(lowered, w, Inflect::kExact); s.found();
           s = FindTerm(lowered, w, Inflect::kExact, s.begin + 1)) {
        ++score;
      }
    }
    if (score > best_score) {
      best_score = score;
      best = sw.code;
    }
  }
  if (lowered.find("¿") != std::string::npos || lowered.find("¡") != std::string::npos ||
      lowered.find("ñ") != std::string::npos) {
    best = "es";
  } else if (best_score == 0) {
    // No common word: letters only some languages write.
    static constexpr std::pair<std::string_view, std::string_view> kLetters[] = {
        {"ç", "fr"}, {"è", "fr"}, {"ê", "fr"}, {"à", "fr"}, {"é", "fr"},
        {"ß", "de"}, {"ä", "de"}, {"ö", "de"}, {"ü", "de"}, {"ã", "pt"},
        {"õ", "pt"}, {"á", "es"}, {"ó", "es"}, {"í", "es"}, {"ú", "es"}};
    for (auto [letter, code] : kLetters) {
      if (lowered.find(letter) != std::string::npos && named.empty()) {
        best = code;
        break;
      }
    }
  }
  g.code = std::string(best);
  g.from_hint = !named.empty();
  return g;
}

std::vector<std::string> NamedLanguages(std::string_view lower) {
  std::vector<std::pair<size_t, std::string>> found;
  for (const TermMatch& m : AllTerms(lower, kLanguageNames)) {
    // "in French", "speaks French", "French-speaking", "and French" after another one.
    const std::string_view before = lower.substr(0, m.span.begin);
    const std::string_view after = lower.substr(m.span.end);
    const auto ends_with = [&](std::string_view s) { return before.ends_with(s); };
    const bool hinted = ends_with("in ") || ends_with("speaks ") || ends_with("speak ") ||
                        ends_with("speaking ") || ends_with("into ") || ends_with("to ") ||
                        after.starts_with("-speaking") || after.starts_with(" speaking") ||
                        (!found.empty() && (ends_with("and ") || ends_with(", ") ||
                                            ends_with("or ") || ends_with("the other ")));
    if (!hinted) continue;
    std::string code(m.value);
    if (std::none_of(found.begin(), found.end(), [&](const auto& f) { return f.second == code; })) {
      found.push_back({m.span.begin, code});
    }
  }
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

std::string Phrase(std::string_view key, std::string_view language, std::string_view name) {
  int col = BookColumn(language);
  if (col < 0) col = 0;
  for (const Entry& e : kBook) {
    if (e.key == key) return Fill(e.text[col], name);
  }
  return {};
}

bool HasLanguage(std::string_view language) { return BookColumn(language) >= 0; }

std::optional<std::string> Translate(std::string_view text, std::string_view language) {
  const int to = BookColumn(language);
  if (to < 0) return std::nullopt;
  for (const Entry& e : kBook) {
    for (std::string_view pattern : e.text) {
      std::string name;
      if (!MatchPhrase(text, pattern, name)) continue;
      return Fill(e.text[to], TitleCase(name));
    }
  }
  return std::nullopt;
}

}  // namespace plan

std::string DetectLanguage(std::string_view line, std::string_view context) {
  return plan::GuessLanguage(line, context).code;
}

}  // namespace kinora::engine
