#pragma once
// The frames pushed to WebSocket subscribers after each commit: one small delta per batch, the
// same seq for both audiences, each serialised once and shared by every subscriber.
//
//   {"type":"update","seq":S,"at":T,"events":[...],"tables":[changed tables],
//    "queue":[["del",bib] | ["ins",index,entry], ...],"eta":{...},
//    "settings":{...}?, "announcement":"..."?}
//
// Applying the queue ops in order to the previous queue gives the new one; a client never needs
// the domain rules to follow along. The ops are the batch's own changes to the queue
// (Tent::queue_changes), so a frame costs what the batch changed, not the length of the queue.

#include "core/tent.hpp"
#include "net/message.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tent::app {

struct Frame {
  std::string tent;             // the tent's id ("" for the first one)
  std::int64_t seq = 0;         // the tent's seq
  net::Message public_message;  // framed for the wire once, sent as is to every subscriber
  net::Message staff_message;
};

// `after` is the tent just after `batch` was applied to it; `queue_changes` is what that apply did
// to the queue (after.queue_changes(), unless a later batch has been applied since).
Frame build_frame(Tent const& after, std::vector<LineChange> const& queue_changes, Batch const& batch,
                  std::int64_t seq);

}  // namespace tent::app
