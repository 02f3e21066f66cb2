#include "core/tent.hpp"

#include "core/estimate.hpp"
#include "core/fold.hpp"
#include "core/limits.hpp"
#include "core/overloaded.hpp"

#include <algorithm>
#include <set>

namespace tent {
namespace {

Decision refuse(Error e, std::optional<Bib> existing = std::nullopt) {
  Decision d;
  d.error = e;
  d.existing = std::move(existing);
  return d;
}

Decision accept(Event e) {
  Decision d;
  d.events.push_back(std::move(e));
  return d;
}

bool valid_name(std::string const& name, bool may_be_empty) {
  return (may_be_empty || !name.empty()) && text_length(name) <= max_name_length;
}

bool in_line(TicketStatus s) {
  return s == TicketStatus::waiting || s == TicketStatus::called || s == TicketStatus::in_session;
}

bool valid_settings(Settings const& s) {
  for (auto const& range : setting_ranges)
    if (!range.contains(s.*range.member)) return false;
  return valid_name(s.tent_name, false) && s.no_show_policy != NoShowPolicy::invalid &&
         text_length(s.priority_category) <= max_name_length && text_length(s.medical_directions) <= max_text_length &&
         s.refused_categories.size() <= max_refused_categories;
}

}  // namespace

// ---- queries ---------------------------------------------------------------------------------

Ticket const* Tent::ticket(Bib const& bib) const {
  auto it = tickets_.find(bib);
  return it == tickets_.end() ? nullptr : &it->second;
}

RosterEntry const* Tent::roster_entry(Bib const& bib) const {
  auto it = roster_.find(bib);
  return it == roster_.end() ? nullptr : &it->second;
}

Table const* Tent::table(TableId id) const {
  if (id < 1 || static_cast<std::size_t>(id) > tables_.size()) return nullptr;
  return &tables_[static_cast<std::size_t>(id - 1)];
}

std::optional<Bib> Tent::request(std::string const& request_id) const {
  auto it = requests_.find(request_id);
  if (it == requests_.end()) return std::nullopt;
  return it->second;
}

std::int32_t Tent::position(Bib const& bib) const {
  auto const index = queue_.index_of(bib);
  return index == queue_.size() ? 0 : static_cast<std::int32_t>(index) + 1;
}

std::vector<TableId> Tent::free_tables() const {
  std::vector<TableId> ids;
  for (auto const& t : tables_)
    if (t.state == TableState::free) ids.push_back(t.id);
  return ids;
}

// ---- decide ----------------------------------------------------------------------------------

void Tent::add_auto_calls(Decision& d, std::vector<TableId> const& freed) const {
  if (settings_.auto_assign) add_calls(d, freed);
}

void Tent::add_calls(Decision& d, std::vector<TableId> const& freed) const {
  auto waiting = queue_.begin();
  for (std::size_t i = 0; i < freed.size() && waiting != queue_.end(); ++i, ++waiting)
    d.events.push_back(ev::Called{freed[i], *waiting});
}

Decision Tent::decide_checkin(cmd::CheckIn const& c, Millis now) const {
  if (!c.request_id.empty()) {
    if (auto earlier = request(c.request_id)) {
      // A retry names the same bib; another bib under that id is a kiosk bug or a forgery, and
      // replaying the first runner's ticket would leave this one silently out of the line.
      if (*earlier != normalise_bib(c.bib)) return refuse(Error::request_id_conflict);
      Decision d;
      d.existing = earlier;
      d.replayed = true;
      return d;
    }
  }
  if (auto n = normalise_bib(c.bib); !n || *n != c.bib) return refuse(Error::invalid_bib);
  if (auto const* t = ticket(c.bib)) {
    if (in_line(t->status)) return refuse(Error::already_queued, c.bib);
    if (t->status == TicketStatus::done && !settings_.allow_repeats) return refuse(Error::already_served, c.bib);
  }
  // A referral sticks: only a volunteer may queue the runner before it is cleared, and deliberately.
  bool const was_referred = referrals_.open(c.bib) != nullptr;
  if (was_referred && (c.source == cmd::Source::kiosk || !c.red_flags.empty())) return refuse(Error::referred, c.bib);
  if (!c.red_flags.empty()) return accept(ev::Referred{c.bib, c.red_flags, c.request_id});

  auto const* entry = roster_entry(c.bib);
  if (settings_.roster_required && !entry) return refuse(Error::not_on_roster);
  std::string category = entry ? entry->category : std::string{};
  if (!category.empty()) {
    for (auto const& refused : settings_.refused_categories)
      if (equal_folded(refused, category)) return refuse(Error::category_refused);
  }
  bool const priority = !settings_.priority_category.empty() && equal_folded(category, settings_.priority_category);

  // The place enqueue will give: priority runners go before the first runner without it.
  auto const position = static_cast<std::int32_t>(priority ? queue_.first_ordinary() : queue_.size()) + 1;
  auto const e = eta(*this, now);
  auto const wait = wait_for(e, position);
  if (c.source == cmd::Source::kiosk && settings_.closing_at) {
    // No open table means no service before closing either.
    if (!wait || now + *wait + e.walk + e.session > *settings_.closing_at) return refuse(Error::line_closed);
  }

  Decision d = accept(ev::CheckedIn{c.bib, c.areas, c.request_id, category, priority, quote_s(wait),
                                    c.source == cmd::Source::volunteer, was_referred, c.key});
  // With auto-assign on, a free table means the queue was empty: the newcomer is called at once.
  auto const freed = free_tables();
  if (settings_.auto_assign && !freed.empty() && queue_.empty()) d.events.push_back(ev::Called{freed.front(), c.bib});
  return d;
}

Decision Tent::table_action(TableId id, Millis now, Command const& command) const {
  auto const* t = table(id);
  if (!t) return refuse(Error::unknown_table);
  auto const state = t->state;
  bool const serving = state == TableState::called || state == TableState::in_session;
  auto wrong = [&] { return refuse(serving ? Error::table_busy : Error::wrong_table_state); };

  return std::visit(
      overloaded{
          [&](cmd::RenameTable const& c) {
            return valid_name(c.name, false) ? accept(ev::TableRenamed{id, c.name}) : refuse(Error::invalid_name);
          },
          [&](cmd::SetTherapist const& c) {
            if (!valid_name(c.name, true)) return refuse(Error::invalid_name);
            // A therapist is at one table at a time: signing in here signs them out of another. They
            // leave no runner behind on it (or walking to it), and a table they leave with nobody
            // goes on a break rather than call runners to an empty couch.
            Decision d;
            auto leave = [&](Table const& left) {
              if (left.state == TableState::called || left.state == TableState::in_session) return false;
              d.events.push_back(ev::TherapistSet{left.id, ""});
              if (left.state == TableState::free || left.state == TableState::changeover)
                d.events.push_back(ev::BreakStarted{left.id});
              return true;
            };
            for (auto const& other : tables_)
              if (other.id != id && !c.name.empty() && equal_folded(other.therapist, c.name) && !leave(other))
                return refuse(Error::therapist_busy);
            if (c.name.empty()) {
              if (t->therapist.empty()) return d;
              return leave(*t) ? d : refuse(Error::therapist_busy);
            }
            d.events.push_back(ev::TherapistSet{id, c.name});
            // Someone signing in at a table left with nobody is there to work: its break ends.
            if (t->therapist.empty() && state == TableState::on_break) {
              d.events.push_back(ev::BreakEnded{id});
              add_auto_calls(d, {id});
            }
            return d;
          },
          [&](cmd::OpenTable const&) {
            if (state != TableState::closed) return wrong();
            Decision d = accept(ev::TableOpened{id});
            add_auto_calls(d, {id});
            return d;
          },
          [&](cmd::CloseTable const&) {
            if (serving || state == TableState::closed) return wrong();
            return accept(ev::TableClosed{id});
          },
          [&](cmd::StartBreak const&) {
            if (state != TableState::free && state != TableState::changeover) return wrong();
            return accept(ev::BreakStarted{id});
          },
          [&](cmd::Resume const&) {
            if (state != TableState::on_break) return wrong();
            Decision d = accept(ev::BreakEnded{id});
            add_auto_calls(d, {id});
            return d;
          },
          [&](cmd::MarkReady const&) {
            if (state != TableState::changeover) return wrong();
            Decision d = accept(ev::ChangeoverEnded{id});
            add_auto_calls(d, {id});
            return d;
          },
          [&](cmd::Call const& c) {
            if (state != TableState::free) return wrong();
            if (!c.bib) return queue_.empty() ? refuse(Error::queue_empty) : accept(ev::Called{id, queue_.front()});
            auto const* runner = ticket(*c.bib);
            if (!runner) return refuse(Error::unknown_bib);
            if (runner->status != TicketStatus::waiting) return refuse(Error::not_waiting);
            return accept(ev::Called{id, *c.bib});
          },
          [&](cmd::Recall const&) {
            return state == TableState::called ? accept(ev::Recalled{id}) : refuse(Error::wrong_table_state);
          },
          [&](cmd::Arrive const&) {
            return state == TableState::called ? accept(ev::Arrived{id}) : refuse(Error::wrong_table_state);
          },
          [&](cmd::Finish const& c) {
            if (state != TableState::in_session) return refuse(Error::wrong_table_state);
            Decision d = accept(ev::Finished{id, c.outcome});
            if (settings_.changeover_s == 0) add_auto_calls(d, {id});
            return d;
          },
          [&](cmd::NoShow const&) {
            if (state != TableState::called) return refuse(Error::wrong_table_state);
            if (now - t->called_at < seconds(settings_.call_timeout_s)) return refuse(Error::call_not_overdue);
            bool const requeue =
                settings_.no_show_policy == NoShowPolicy::requeue_once && !tickets_.at(t->bib).requeued;
            Decision d = accept(ev::NoShowed{id, requeue});
            // The freed table calls the next runner; the one sent back is first for the table after
            // (so is called here only when nobody else is waiting).
            if (settings_.auto_assign && !queue_.empty())
              d.events.push_back(ev::Called{id, queue_.front()});
            else if (settings_.auto_assign && requeue)
              d.events.push_back(ev::Called{id, t->bib});
            return d;
          },
          [&](cmd::Undo const&) {
            auto const& last = t->last;
            if (last.kind == UndoRecord::Kind::none) return refuse(Error::nothing_to_undo);
            if (now - last.at > undo_window) return refuse(Error::undo_expired);
            bool const only_auto_call =
                state == TableState::free || state == TableState::changeover ||
                (state == TableState::called && last.auto_called && t->bib == *last.auto_called);
            auto const* runner = ticket(last.bib);
            bool safe = false;
            switch (last.kind) {
              case UndoRecord::Kind::arrived:
                safe = state == TableState::in_session && t->bib == last.bib;
                break;
              case UndoRecord::Kind::finished:
                // Sent to medical: safe while the referral it made is still open.
                safe = only_auto_call && runner &&
                       (last.medical ? runner->status == TicketStatus::referred && referrals_.open(last.bib)
                                     : runner->status == TicketStatus::done);
                break;
              case UndoRecord::Kind::no_show:
                safe = only_auto_call && runner &&
                       runner->status == (last.requeued ? TicketStatus::waiting : TicketStatus::no_show);
                break;
              case UndoRecord::Kind::none:
                break;
            }
            return safe ? accept(ev::Undone{id}) : refuse(Error::undo_unsafe);
          },
          [&](auto const&) { return refuse(Error::wrong_table_state); },
      },
      command);
}

Decision Tent::decide(Command const& command, Millis now) const {
  // Queue actions apply to waiting runners only.
  auto if_waiting = [&](Bib const& bib, Event e) {
    auto const* t = ticket(bib);
    if (!t) return refuse(Error::unknown_bib);
    if (t->status != TicketStatus::waiting) return refuse(Error::not_waiting);
    return accept(std::move(e));
  };
  return std::visit(overloaded{
                        [&](cmd::CheckIn const& c) { return decide_checkin(c, now); },
                        [&](cmd::Leave const& c) { return if_waiting(c.bib, ev::WalkedOut{c.bib}); },
                        [&](cmd::Remove const& c) { return if_waiting(c.bib, ev::Removed{c.bib}); },
                        [&](cmd::SetPriority const& c) {
                          return if_waiting(c.bib, ev::PrioritySet{c.bib, c.on});
                        },
                        [&](cmd::Move const& c) {
                          auto d = if_waiting(c.bib, ev::Moved{c.bib, c.position});
                          if (d.ok() && (c.position < 1 || static_cast<std::size_t>(c.position) > queue_.size()))
                            return refuse(Error::bad_position);
                          return d;
                        },
                        [&](cmd::CreateTable const& c) { return decide_create_tables(c); },
                        [&](cmd::UpdateSettings const& c) {
                          if (!valid_settings(c.settings)) return refuse(Error::invalid_setting);
                          Decision d = accept(ev::SettingsChanged{c.settings});
                          // Turning auto-assign on fills the tables that were left free.
                          if (c.settings.auto_assign && !settings_.auto_assign) add_calls(d, free_tables());
                          return d;
                        },
                        [&](cmd::LoadRoster const& c) {
                          std::unordered_map<Bib, bool> seen;
                          for (auto const& r : c.entries) {
                            auto n = normalise_bib(r.bib);
                            if (!n || *n != r.bib || !seen.emplace(r.bib, true).second ||
                                text_length(r.first_name) > max_name_length ||
                                text_length(r.last_name) > max_name_length || text_length(r.category) > max_name_length)
                              return refuse(Error::invalid_roster);
                          }
                          return accept(ev::RosterLoaded{c.entries});
                        },
                        [&](cmd::Announce const& c) {
                          if (text_length(c.text) > max_text_length) return refuse(Error::text_too_long);
                          if (c.translations.size() > max_announcement_languages)
                            return refuse(Error::invalid_language);
                          for (auto const& [code, text] : c.translations) {
                            if (!valid_language_code(code)) return refuse(Error::invalid_language);
                            if (text_length(text) > max_text_length) return refuse(Error::text_too_long);
                          }
                          return accept(ev::Announced{
                              c.text, c.text.empty() ? std::map<std::string, std::string>{} : c.translations});
                        },
                        [&](cmd::AckReferral const&) { return decide_referral(command); },
                        [&](cmd::ClearReferral const&) { return decide_referral(command); },
                        [&](cmd::CreateTent const&) { return refuse(Error::tent_exists); },
                        [&](cmd::RecordSession const& c) { return decide_record(c); },
                        [&](cmd::GiveFeedback const& c) { return decide_feedback(c, now); },
                        [&](cmd::Tick const&) {
                          Decision d;
                          std::vector<TableId> freed;
                          for (auto const& t : tables_) {
                            if (t.state == TableState::changeover && now - t.since >= seconds(settings_.changeover_s)) {
                              d.events.push_back(ev::ChangeoverEnded{t.id});
                              freed.push_back(t.id);
                            }
                          }
                          add_auto_calls(d, freed);
                          return d;
                        },
                        [&](cmd::RenameTable const& c) { return table_action(c.table, now, c); },
                        [&](cmd::SetTherapist const& c) { return table_action(c.table, now, c); },
                        [&](cmd::OpenTable const& c) { return table_action(c.table, now, c); },
                        [&](cmd::CloseTable const& c) { return table_action(c.table, now, c); },
                        [&](cmd::StartBreak const& c) { return table_action(c.table, now, c); },
                        [&](cmd::Resume const& c) { return table_action(c.table, now, c); },
                        [&](cmd::MarkReady const& c) { return table_action(c.table, now, c); },
                        [&](cmd::Call const& c) { return table_action(c.table, now, c); },
                        [&](cmd::Recall const& c) { return table_action(c.table, now, c); },
                        [&](cmd::Arrive const& c) { return table_action(c.table, now, c); },
                        [&](cmd::Finish const& c) { return table_action(c.table, now, c); },
                        [&](cmd::NoShow const& c) { return table_action(c.table, now, c); },
                        [&](cmd::Undo const& c) { return table_action(c.table, now, c); },
                    },
                    command);
}

Decision Tent::execute(Command const& command, Millis now) {
  Decision d = decide(command, now);
  if (d.ok() && !d.events.empty()) apply(Batch{now, d.events});
  return d;
}

// A referral from the table that was not undone; a kiosk referral never reached a table.
bool Tent::session_finished(Ticket const& t) const {
  if (t.started_at == 0 || t.finished_at == 0) return false;
  if (t.status == TicketStatus::done) return true;
  if (t.status != TicketStatus::referred) return false;
  auto const* r = referrals_.latest(t.bib);
  return r && !r->withdrawn && r->from == Referral::From::table;
}

Decision Tent::decide_record(cmd::RecordSession const& c) const {
  auto const* t = ticket(c.bib);
  if (!t) return refuse(Error::unknown_bib);
  if (!session_finished(*t)) return refuse(Error::not_served);
  if (c.outcome == SessionOutcome::invalid) return refuse(Error::invalid_record);
  // Sent to medical from the table: the record says so too. A served runner may still have been sent since.
  if (t->status == TicketStatus::referred && c.outcome != SessionOutcome::sent_to_medical)
    return refuse(Error::invalid_record);
  for (std::size_t i = 0; i < c.areas.size(); ++i)
    if (c.areas[i] == Area::invalid || std::find(c.areas.begin(), c.areas.begin() + static_cast<std::ptrdiff_t>(i),
                                                 c.areas[i]) != c.areas.begin() + static_cast<std::ptrdiff_t>(i))
      return refuse(Error::invalid_record);
  if (text_length(c.note) > max_text_length) return refuse(Error::text_too_long);
  // One line of plain text: no ASCII control character (line breaks included).
  if (std::any_of(c.note.begin(), c.note.end(), [](char ch) {
        auto const u = static_cast<unsigned char>(ch);
        return u < 0x20 || u == 0x7F;
      }))
    return refuse(Error::invalid_record);
  return accept(ev::SessionRecorded{c.bib, c.areas, c.outcome, c.note, t->therapist});
}

Decision Tent::decide_feedback(cmd::GiveFeedback const& c, Millis now) const {
  auto const* t = ticket(c.bib);
  if (!t) return refuse(Error::unknown_bib);
  // Compared to the end whatever differs, so the time taken tells nothing of the key.
  bool same = !t->key.empty() && c.key.size() == t->key.size();
  for (std::size_t i = 0; same && i < c.key.size(); ++i) same &= c.key[i] == t->key[i];
  if (!same) return refuse(Error::wrong_key);
  if (!session_finished(*t)) return refuse(Error::not_served);
  if (c.legs < 1 || c.legs > feedback_scale) return refuse(Error::invalid_feedback);
  auto const& f = t->feedback;
  // No come_back keeps the earlier one: a second phone, which knows no earlier answer, sends a face
  // without taking the runner's yes away (there is no un-saying a yes or no, only changing it).
  auto const come_back = c.come_back || !f ? c.come_back : f->come_back;
  if (f) {
    if (f->legs == c.legs && f->come_back == come_back) return Decision{};  // the same again: nothing to store
    if (now > f->first_at + feedback_window || f->changes >= max_feedback_changes)
      return refuse(Error::feedback_closed);
  }
  return accept(ev::FeedbackGiven{c.bib, c.legs, come_back});
}

Decision Tent::decide_create_tables(cmd::CreateTable const& c) const {
  if (c.numbered == 0 && !valid_name(c.name, false)) return refuse(Error::invalid_name);
  if (c.numbered < 0 || (c.numbered > 0 && !c.name.empty())) return refuse(Error::invalid_name);
  auto const count = static_cast<std::size_t>(std::max(c.numbered, 1));
  if (tables_.size() + count > max_tables) return refuse(Error::too_many_tables);
  if (c.numbered == 0) return accept(ev::TableCreated{static_cast<TableId>(tables_.size()) + 1, c.name});
  std::set<std::string> taken;
  for (auto const& t : tables_) taken.insert(t.name);
  Decision d;
  std::int32_t k = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::string name;
    while (name.empty()) {
      auto candidate = "Table " + std::to_string(++k);
      if (!taken.contains(candidate)) name = std::move(candidate);
    }
    d.events.push_back(ev::TableCreated{static_cast<TableId>(tables_.size() + i) + 1, std::move(name)});
  }
  return d;
}

}  // namespace tent
