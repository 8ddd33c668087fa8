#include <adplan/io/graphviz.hpp>

#include <adplan/io/subprocess.hpp>

namespace adplan {

Result<std::string> run_dot(std::string_view dot_text, std::string_view format, std::chrono::milliseconds timeout) {
  if (format != "svg" && format != "png")
    return std::unexpected(Error{"io.dot", "format", "\"" + std::string(format) + "\" is not svg or png", ""});
  RunOptions o;
  o.input = std::string(dot_text);
  o.timeout = timeout;
  auto r = run_process({"dot", "-T" + std::string(format)}, o);
  if (!r) {
    Error e = r.error();
    if (e.code == "io.not-found") e.hint = "install Graphviz (Debian: apt-get install graphviz)";
    return std::unexpected(e);
  }
  if (r->exit_code != 0) {
    std::string why = r->err.substr(0, r->err.find('\n'));
    return std::unexpected(Error{"io.dot", "dot", "failed (exit " + std::to_string(r->exit_code) + "): " + why,
                                 "a defect of adplan's DOT"});
  }
  return std::move(r->out);
}

}  // namespace adplan
