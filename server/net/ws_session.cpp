#include "net/ws_session.hpp"

#include "log/logger.hpp"
#include "net/fail.hpp"

#include <boost/asio/dispatch.hpp>

#include <atomic>
#include <exception>
#include <utility>

namespace tent::net {

namespace websocket = beast::websocket;

namespace {

std::uint64_t next_id() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

}  // namespace

WsSession::WsSession(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<Context> context, std::string remote_ip,
                     Admission::Ticket ticket)
    : ws_(std::move(socket)),
      context_(std::move(context)),
      remote_ip_(std::move(remote_ip)),
      ticket_(std::move(ticket)),
      id_(next_id()),
      shard_(context_->shard_of(static_cast<boost::asio::io_context&>(ws_.get_executor().context()))),
      app_work_(context_->app().get_executor()) {}

WsSession::~WsSession() { context_->remove(*this); }

void WsSession::run(Request&& upgrade) {
  context_->add(*this);
  wire().set_owner(weak_from_this());
  upgrade_ = std::make_unique<Request>(std::move(upgrade));
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "massage-tent"); }));
  ws_.read_message_max(context_->options().ws_read_message_max);
  ws_.text(true);
  ws_.async_accept(*upgrade_, beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
}

void WsSession::on_accept(beast::error_code ec) {
  auto upgrade = std::exchange(upgrade_, nullptr);
  if (ec) {
    state_ = State::closed;
    return fail(ec, "ws accept");
  }
  if (state_ == State::closed) return;  // shut down during the handshake
  state_ = State::open;
  owes_on_close_ = true;
  context_->to_app([self = shared_from_this(), upgrade = std::move(upgrade)] {
    try {
      self->context_->handler().on_open(self, *upgrade);
    } catch (std::exception const& e) {
      log::error("net", std::string("on_open failed: ") + e.what(),
                 {{"session", self->id_}, {"remote", self->remote_ip_}});
      self->shutdown();
    }
  });
  // Always read, even after a failed on_open: the read loop's end is what calls on_close.
  do_read();
}

// An idle session waits for its next message holding a one-byte buffer: the read asks for one byte
// of the message first (Beast would otherwise reserve 1.5 KB per session for the wait), then for the
// rest of it.
void WsSession::do_read() {
  ws_.async_read_some(buffer_, 1, beast::bind_front_handler(&WsSession::on_read_start, shared_from_this()));
}

void WsSession::on_read_start(beast::error_code ec, std::size_t bytes) {
  if (ec || ws_.is_message_done()) return on_read(ec, bytes);
  ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
}

void WsSession::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    fail(ec, "ws read");
    disconnect();
    if (owes_on_close_) {
      owes_on_close_ = false;
      context_->to_app([self = shared_from_this()] {
        try {
          self->context_->handler().on_close(*self);
        } catch (std::exception const& e) {
          log::error("net", std::string("on_close failed: ") + e.what(), {{"session", self->id_}});
        }
      });
    }
    return;
  }
  if (!ws_.got_text()) {
    begin_close({websocket::close_code::policy_error, "binary frames are not accepted"});
  } else if (state_ == State::open) {
    deliver(beast::buffers_to_string(buffer_.data()));
  }
  buffer_.clear();
  buffer_.shrink_to_fit();  // a big message does not keep its memory while the session idles
  do_read();
}

void WsSession::deliver(std::string&& text) {
  context_->to_app([self = shared_from_this(), text = std::move(text)]() mutable {
    try {
      self->context_->handler().on_message(self, std::move(text));
    } catch (std::exception const& e) {
      log::error("net", std::string("on_message failed: ") + e.what(),
                 {{"session", self->id_}, {"remote", self->remote_ip_}});
      self->shutdown();
    }
  });
}

std::uint64_t WsSession::send(Message frame) {
  if (state_.load() != State::open || !frame) return 0;
  auto const number = ++sent_;
  shard_.submit([self = shared_from_this(), frame = std::move(frame), number] { self->enqueue(frame, number); });
  return number;
}

void WsSession::enqueue(Message const& frame, std::uint64_t number) {
  if (state_ != State::open || !frame) return;
  Options const& opt = context_->options();
  auto& w = wire();
  bool const full = w.queued() >= opt.ws_send_queue_max ||
                    (w.queued() != 0 && w.queued_bytes() + frame.size() > opt.ws_send_bytes_max);
  if (full) {
    log::warn("net",
              "ws session " + std::to_string(id_) + " (" + remote_ip_ + ") is not reading (" +
                  std::to_string(w.queued()) + " frames, " + std::to_string(w.queued_bytes()) +
                  " bytes unsent); disconnecting",
              {{"session", id_}, {"remote", remote_ip_}, {"frames", w.queued()}, {"bytes", w.queued_bytes()}});
    context_->count_slow_client();
    disconnect();
    return;
  }
  w.write(frame, number);
  if (w.error()) {
    fail(w.error(), "ws write");
    disconnect();
  }
}

void WsSession::close() {
  shard_.submit([self = shared_from_this()] { self->begin_close({websocket::close_code::normal}); });
}

void WsSession::begin_close(websocket::close_reason reason) {
  if (state_ != State::open) return;
  state_ = State::closing;
  if (reason.code != websocket::close_code::normal) wire().drop_unsent();
  // The close frame joins the queue behind the messages already in it.
  ws_.async_close(reason, beast::bind_front_handler(&WsSession::on_close, shared_from_this()));
}

void WsSession::on_close(beast::error_code ec) {
  if (ec) {
    fail(ec, "ws close");
    disconnect();
  }
}

void WsSession::shutdown() noexcept {
  try {
    boost::asio::dispatch(ws_.get_executor(), [weak = weak_from_this()] {
      if (auto self = weak.lock()) self->disconnect();
    });
  } catch (std::exception const& e) {  // no memory for the handler
    log::error("net", std::string("ws shutdown failed: ") + e.what());
  }
}

void WsSession::disconnect() noexcept {
  if (state_ == State::closed) return;
  state_ = State::closed;
  wire().drop_unsent();
  wire().close();
}

}  // namespace tent::net
