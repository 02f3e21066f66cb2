#include "app/pin_checker.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

namespace tent::app {

PinChecker::PinChecker(boost::asio::io_context& ioc) : ioc_(ioc) {}

PinChecker::~PinChecker() { worker_.join(); }

void PinChecker::check(Access::Pending pending, Done done) {
  auto work = boost::asio::make_work_guard(ioc_);
  boost::asio::post(
      worker_, [&ioc = ioc_, work = std::move(work), pending = std::move(pending), done = std::move(done)]() mutable {
        auto const found = Access::verify(pending);
        boost::asio::post(ioc, [work = std::move(work), pending = std::move(pending), done = std::move(done), found] {
          done(pending, found);
        });
      });
}

}  // namespace tent::app
