#include <adplan/render/scripts.hpp>

#include <adplan/planner/powershell.hpp>
#include <adplan/render/internal/escape.hpp>
#include <adplan/render/internal/fill.hpp>
#include <adplan/render/internal/step_roles.hpp>

namespace adplan::render {
namespace {

// The plan's commands are complete PowerShell lines the planner built with ps_quote; they
// go in as they are ({{{command}}}). Titles and reasons become one-line comments.
Data script_data(const Plan& p, StepRole role) {
  const auto& t = traits(p.exchange);
  Data d;
  d.set("scenario", std::to_string(p.scenario));
  d.set("title", one_line(p.scenario_title));
  d.set("exchange", one_line(std::string(t.display)));
  d.set("cas_cmdlet", one_line(std::string(t.cas_cmdlet)));
  d.set("autodiscover_url", one_line(p.autodiscover_url));
  List steps;
  int number = 0;
  for (const auto& s : p.steps) {
    ++number;  // the step's number in the runbook, so both documents agree
    if (step_role(s.id) != role) continue;
    Data sd;
    sd.set("number", std::to_string(number));
    sd.set("id", one_line(s.id));
    sd.set("step_title", one_line(s.title));
    sd.set("why", one_line(s.detail));
    List cmds;
    for (const auto& c : s.commands) cmds.push_back(Data("command", Data(c)));
    sd.set("commands", cmds);
    sd.set("no_commands", s.commands.empty());
    steps.push_back(sd);
  }
  d.set("none", steps.empty());
  d.set("steps", steps);
  return d;
}

}  // namespace

Result<std::string> render_exchange_script(const Plan& p, const TemplateSet& templates) {
  return fill(templates, "exchange.ps1.mustache", script_data(p, StepRole::Exchange), infallible(&ps_quote));
}

Result<std::string> render_iis_script(const Plan& p, const TemplateSet& templates) {
  Data d = script_data(p, StepRole::Iis);
  List sites;
  for (const auto& s : p.sites) {
    Data sd;
    sd.set("name", one_line(s.name));
    sd.set("scheme", s.tls ? "https" : "http");
    sd.set("port", std::to_string(s.port));
    std::string where;
    for (const auto& b : s.bindings) where += (where.empty() ? "" : ", ") + b.server + " " + b.ip.url_host();
    sd.set("bindings", one_line(where));
    sd.set("redirect", s.redirect_to ? Data(one_line(*s.redirect_to)) : Data(false));
    sites.push_back(sd);
  }
  d.set("sites", sites);
  return fill(templates, "iis.ps1.mustache", d, infallible(&ps_quote));
}

}  // namespace adplan::render
