// Asio compiled once for the whole program (separate compilation), so the other translation
// units include only declarations and the build stays fast on two cores. Beast is compiled the
// same way, inside the network layer (net/beast_impl.cpp).
#include <boost/asio/impl/src.hpp>
