// Asio and Beast compiled once for the whole program (separate compilation), so the other
// translation units include only declarations and the build stays fast on two cores.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
