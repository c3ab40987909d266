// Beast compiled once (separate compilation), in the network layer: the only place Beast lives.
#include <boost/beast/src.hpp>
