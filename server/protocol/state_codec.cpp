#include "protocol/state_codec.hpp"

#include <bit>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tent::protocol {
namespace {

constexpr char magic[4] = {'M', 'T', 'S', 'N'};
constexpr std::size_t header_size = 4 + 4 + 8;

// FNV-1a over 64-bit words (the tail byte by byte): eight times fewer multiplications than bytewise
// FNV-1a on a season's 50 MiB snapshot. Each step is a bijection of the running
// value, so a change confined to one word always changes the sum.
std::uint64_t checksum(std::string_view bytes) {
  constexpr std::uint64_t prime = 1099511628211ull;
  std::uint64_t h = 14695981039346656037ull;
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * prime;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * prime;
  return h;
}

// The largest valid value of each stored enum: a byte above it is damage.
template <class E>
constexpr int enum_max();
template <>
constexpr int enum_max<Area>() {
  return static_cast<int>(Area::shoulders);
}
template <>
constexpr int enum_max<RedFlag>() {
  return static_cast<int>(RedFlag::too_hot_or_cold);
}
template <>
constexpr int enum_max<TableState>() {
  return static_cast<int>(TableState::on_break);
}
template <>
constexpr int enum_max<TicketStatus>() {
  return static_cast<int>(TicketStatus::no_show);
}
template <>
constexpr int enum_max<NoShowPolicy>() {
  return static_cast<int>(NoShowPolicy::drop);
}
template <>
constexpr int enum_max<UndoRecord::Kind>() {
  return static_cast<int>(UndoRecord::Kind::no_show);
}
template <>
constexpr int enum_max<SessionOutcome>() {
  return static_cast<int>(SessionOutcome::sent_to_medical);
}
template <>
constexpr int enum_max<Referral::From>() {
  return static_cast<int>(Referral::From::table);
}

// Each struct's fields, in payload order, for the writer and the reader alike (one list, so the two
// cannot drift apart). The writer only reads through these references.
template <class A>
void fields(A& a, Settings& s) {
  a(s.tent_name, s.session_target_s, s.call_timeout_s, s.changeover_s, s.auto_assign, s.no_show_policy, s.allow_repeats,
    s.roster_required, s.priority_category, s.refused_categories, s.closing_at, s.medical_directions);
}
template <class A>
void fields(A& a, UndoRecord& u) {
  a(u.kind, u.at, u.bib, u.table_state, u.table_since, u.called_at, u.started_at, u.auto_called, u.requeued, u.medical,
    u.changeover_ms);
}
template <class A>
void fields(A& a, Table& t) {
  a(t.id, t.name, t.therapist, t.state, t.since, t.bib, t.called_at, t.started_at, t.served, t.open_ms, t.busy_ms,
    t.last);
}
template <class A>
void fields(A& a, Ticket& t) {
  a(t.bib, t.status, t.areas, t.red_flags, t.category, t.priority, t.requeued, t.checked_in_at, t.first_called_at,
    t.called_at, t.started_at, t.finished_at, t.excluded_ms, t.quoted_wait_s, t.table, t.therapist, t.visits, t.record,
    t.key, t.feedback);
}
template <class A>
void fields(A& a, Feedback& f) {
  a(f.legs, f.come_back, f.first_at, f.at, f.changes);
}
template <class A>
void fields(A& a, SessionRecord& r) {
  a(r.areas, r.outcome, r.note, r.therapist, r.at);
}
template <class A>
void fields(A& a, RosterEntry& r) {
  a(r.bib, r.first_name, r.last_name, r.category);
}
template <class A>
void fields(A& a, TherapistShift& s) {
  a(s.therapist, s.table, s.from, s.to, s.sessions, s.busy_ms);
}
template <class A>
void fields(A& a, History& h) {
  a(h.waits_ms, h.walks_ms, h.sessions_ms, h.changeovers_ms, h.quotes, h.finished_at, h.joined_at, h.queue_length,
    h.served_by_therapist, h.busy_by_therapist, h.shifts, h.checked_in, h.served, h.no_shows, h.walkouts, h.removed,
    h.referrals);
}
template <class A>
void fields(A& a, Turnover& t) {
  a(t.walks, t.sessions, t.changeovers);
}
template <class A>
void fields(A& a, Referral& r) {
  a(r.bib, r.from, r.at, r.red_flags, r.category, r.areas, r.checked_in_at, r.called_at, r.started_at, r.excluded_ms,
    r.quoted_wait_s, r.table, r.therapist, r.acknowledged_at, r.acknowledged_by, r.cleared_at, r.cleared_by,
    r.withdrawn);
}

template <class T>
concept has_fields = requires(T& t, int (&a)(int)) {
  fields(a, t);
};

class Writer {
public:
  std::string out;

  template <class... T>
  void operator()(T const&... values) {
    (put(values), ...);
  }

private:
  void raw(void const* p, std::size_t n) { out.append(static_cast<char const*>(p), n); }
  template <class I>
  void integer(I v) {
    static_assert(std::endian::native == std::endian::little, "the snapshot layout is little endian");
    raw(&v, sizeof v);
  }
  void put(bool v) { integer<std::uint8_t>(v ? 1 : 0); }
  void put(std::int32_t v) { integer(v); }
  void put(std::int64_t v) { integer(v); }
  void put(std::uint64_t v) { integer(v); }
  template <class E>
  requires std::is_enum_v<E>
  void put(E v) { integer(static_cast<std::uint8_t>(v)); }
  void put(std::string const& s) {
    put(static_cast<std::uint64_t>(s.size()));
    raw(s.data(), s.size());
  }
  template <class T>
  void put(std::optional<T> const& v) {
    put(v.has_value());
    if (v) put(*v);
  }
  template <class K, class V>
  void put(std::pair<K, V> const& p) {
    put(p.first), put(p.second);
  }
  template <class C>
  requires requires(C c) {
    c.begin();
    c.size();
    typename C::value_type;
  }
  void put(C const& c) requires(!std::is_same_v<C, std::string>) {
    put(static_cast<std::uint64_t>(c.size()));
    for (auto const& item : c) put(item);
  }
  template <class T>
  requires has_fields<T>
  void put(T const& v) { fields(*this, const_cast<T&>(v)); }
  void put(Referrals const& r) {
    put(r.all());
    put(r.latest_indexes());
    put(r.unacknowledged_indexes());
  }
  void put(TentState const& s) {
    (*this)(s.settings, s.tables, s.queue, s.tickets, s.earlier_visits, s.roster, s.requests, s.announcement,
            s.announcement_translations, s.history, s.turnover, s.referrals, s.last_at);
  }
};

class Reader {
public:
  explicit Reader(std::string_view in) : in_(in) {}

  template <class... T>
  void operator()(T&... values) {
    (get(values), ...);
  }
  bool done() const { return at_ == in_.size(); }

private:
  [[noreturn]] static void damaged(char const* what) { throw SnapshotError(std::string("damaged snapshot: ") + what); }
  char const* take(std::size_t n) {
    if (n > in_.size() - at_) damaged("truncated");
    auto const* p = in_.data() + at_;
    at_ += n;
    return p;
  }
  template <class I>
  I integer() {
    I v;
    std::memcpy(&v, take(sizeof v), sizeof v);
    return v;
  }
  // A count can never exceed the bytes left: each item takes at least one.
  std::size_t count() {
    auto const n = integer<std::uint64_t>();
    if (n > in_.size() - at_) damaged("count past the end");
    return static_cast<std::size_t>(n);
  }
  void get(bool& v) {
    auto const b = integer<std::uint8_t>();
    if (b > 1) damaged("bad bool");
    v = b == 1;
  }
  void get(std::int32_t& v) { v = integer<std::int32_t>(); }
  void get(std::int64_t& v) { v = integer<std::int64_t>(); }
  void get(std::uint64_t& v) { v = integer<std::uint64_t>(); }
  template <class E>
  requires std::is_enum_v<E>
  void get(E& v) {
    auto const b = integer<std::uint8_t>();
    if (b > enum_max<E>()) damaged("enum out of range");
    v = static_cast<E>(b);
  }
  void get(std::string& s) {
    auto const n = count();
    s.assign(take(n), n);
  }
  template <class T>
  void get(std::optional<T>& v) {
    bool present = false;
    get(present);
    if (!present) return v.reset();
    get(v.emplace());
  }
  template <class K, class V>
  void get(std::pair<K, V>& p) {
    get(p.first), get(p.second);
  }
  template <class T>
  void get(std::vector<T>& v) {
    auto const n = count();
    v.clear();
    v.reserve(n);
    for (std::size_t i = 0; i < n; ++i) get(v.emplace_back());
  }
  template <class T>
  void get(std::deque<T>& v) {
    auto const n = count();
    v.clear();
    for (std::size_t i = 0; i < n; ++i) get(v.emplace_back());
  }
  template <class M>
  void map(M& m) {
    auto const n = count();
    m.clear();
    if constexpr (requires { m.reserve(n); }) m.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      typename M::key_type k;
      typename M::mapped_type v;
      get(k), get(v);
      if (!m.emplace(std::move(k), std::move(v)).second) damaged("duplicate key");
    }
  }
  template <class K, class V>
  void get(std::map<K, V>& m) {
    map(m);
  }
  template <class K, class V>
  void get(std::unordered_map<K, V>& m) {
    map(m);
  }
  void get(std::set<std::size_t>& s) {
    auto const n = count();
    s.clear();
    for (std::size_t i = 0; i < n; ++i) s.insert(static_cast<std::size_t>(integer<std::uint64_t>()));
  }
  template <class T>
  requires has_fields<T>
  void get(T& v) { fields(*this, v); }
  void get(Referrals& r) {
    std::vector<Referral> records;
    Referrals::Latest latest;
    Referrals::Unacknowledged unacknowledged;
    (*this)(records, latest, unacknowledged);
    try {
      r = Referrals(std::move(records), std::move(latest), std::move(unacknowledged));
    } catch (std::out_of_range const&) {
      damaged("referral index out of range");
    }
  }
  void get(TentState& s) {
    (*this)(s.settings, s.tables, s.queue, s.tickets, s.earlier_visits, s.roster, s.requests, s.announcement,
            s.announcement_translations, s.history, s.turnover, s.referrals, s.last_at);
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace

std::string encode_state(TentState const& state) {
  Writer w;
  w.out.append(magic, sizeof magic);
  auto const format = snapshot_format;
  w.out.append(reinterpret_cast<char const*>(&format), sizeof format);
  w.out.append(8, '\0');  // the payload's length, filled in below
  w(state);
  std::uint64_t const length = w.out.size() - header_size;
  std::memcpy(w.out.data() + 8, &length, sizeof length);
  auto const sum = checksum(std::string_view(w.out).substr(header_size));
  w.out.append(reinterpret_cast<char const*>(&sum), sizeof sum);
  return std::move(w.out);
}

TentState decode_state(std::string_view bytes) {
  if (bytes.size() < header_size + 8 || std::memcmp(bytes.data(), magic, sizeof magic) != 0)
    throw SnapshotError("not a snapshot");
  std::uint32_t format = 0;
  std::memcpy(&format, bytes.data() + 4, sizeof format);
  if (format != snapshot_format)
    throw SnapshotError("snapshot format " + std::to_string(format) + ", this server reads " +
                        std::to_string(snapshot_format));
  std::uint64_t length = 0, sum = 0;
  std::memcpy(&length, bytes.data() + 8, sizeof length);
  if (length != bytes.size() - header_size - 8) throw SnapshotError("damaged snapshot: wrong length");
  auto const payload = bytes.substr(header_size, static_cast<std::size_t>(length));
  std::memcpy(&sum, bytes.data() + header_size + length, sizeof sum);
  if (sum != checksum(payload)) throw SnapshotError("damaged snapshot: checksum mismatch");
  Reader r(payload);
  TentState state;
  r(state);
  if (!r.done()) throw SnapshotError("damaged snapshot: bytes after the state");
  return state;
}

}  // namespace tent::protocol
