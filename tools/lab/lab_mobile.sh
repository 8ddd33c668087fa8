# shellcheck shell=bash
# The lab's answers to phones, tablets and Teams (issue 12), sourced by lab.sh:
#   - the ActiveSync Autodiscover request (MS-ASCMD 2.2.2.1): a POST in the mobilesync request
#     schema to /autodiscover/autodiscover.xml gets the mobilesync response (MobileSync URL = the
#     plan's ActiveSync external URL), Outlook's POST still gets autodiscover.xml. nginx cannot
#     route on a body by itself: the Autodiscover location hands the (authenticated) request to a
#     small router server on 127.0.0.1:8449 with the schema read from $request_body, and the
#     router answers X-Accel-Redirect to the right named location;
#   - OPTIONS /Microsoft-Server-ActiveSync behind the same Basic auth, with MS-ASProtocolVersions
#     and MS-ASProtocolCommands (MS-ASHTTP 2.2.4.1.2);
#   - Autodiscover v2: GET /autodiscover/autodiscover.json/v1.0/<address>?Protocol=P (and
#     ?Email=&Protocol=), anonymous, 200 {"Protocol","Url"} for AutodiscoverV1, Ews and
#     ActiveSync, 400 {"ErrorCode":"InvalidProtocol"} for any other protocol.
# The answers come from the rendered files when `adplan render` writes them
# (out/autodiscover-mobilesync.xml, out/autodiscover-v2/<Protocol>.json), else from plan --json.

LAB_MOBILE_ROUTER=127.0.0.1:8449

mobile_faults() {
  cat <<'EOF2'
mobilesync-invalid  the ActiveSync Autodiscover request gets a body that is not a response
mobilesync-outlook-only  the Autodiscover service speaks only Outlook's schema
mobilesync-url      the mobilesync response names another MobileSync URL than the plan
options-no-versions OPTIONS on /Microsoft-Server-ActiveSync answers without MS-ASProtocolVersions
options-451         OPTIONS on the external host answers 451, X-MS-Location names the autodiscover host
v2-url              Autodiscover v2 gives another EWS URL than the plan
v2-invalid          Autodiscover v2 answers ActiveSync with JSON of the wrong types
v2-missing          nothing answers Autodiscover v2 (404)
mobilesync-drift    the MobileSync URL names the autodiscover host, which serves ActiveSync as well (drift)
v2-drift            Autodiscover v2 gives the EWS URL on the autodiscover host, which serves EWS as well (drift)
EOF2
}

# Adds the locations to every TLS server block of $DIR/run/nginx.conf and the maps and the router
# to http { }. Writes the answers under $DIR/run/mobile/ first (they are what clients are shown).
mobile_conf() {
  local email=${LAB_EMAIL:-test@$(domain)}
  mkdir -p "$DIR/run/mobile"
  plan_json >"$DIR/run/mobile/plan.json"
  python3 - "$DIR" "$email" "$LAB_MOBILE_ROUTER" <<'PY'
import json, os, re, sys
lab, email, router = sys.argv[1:4]
run = os.path.join(lab, "run")
plan = json.load(open(os.path.join(run, "mobile", "plan.json")))
first = plan["urls"][0]["server"] if plan["urls"] else None
ext = {u["service"]: u["external"] for u in plan["urls"] if u["server"] == first}
answers = {"AutodiscoverV1": plan["autodiscover_url"], "Ews": ext.get("ews"), "ActiveSync": ext.get("activesync")}

def rendered(name):
    p = os.path.join(lab, "out", name)
    return open(p).read() if os.path.isfile(p) else None

xml = rendered("autodiscover-mobilesync.xml")
if xml:  # one line, so the lab's faults (sed) can edit the answer in nginx.conf
    xml = "".join(line.strip() for line in xml.splitlines())
xml = xml or (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">'
    '<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006">'
    '<Culture>en:us</Culture><User><DisplayName>Test User</DisplayName>'
    f'<EMailAddress>{email}</EMailAddress></User><Action><Settings><Server><Type>MobileSync</Type>'
    f'<Url>{answers["ActiveSync"]}</Url><Name>{answers["ActiveSync"]}</Name></Server></Settings></Action>'
    '</Response></Autodiscover>')
v2 = {}
for proto, url in answers.items():
    text = rendered(f"autodiscover-v2/{proto}.json")
    if text is None and url:
        text = json.dumps({"Protocol": proto, "Url": url}, separators=(",", ":"))
    if text is not None:
        v2[proto] = text.strip()
invalid = ('{"ErrorCode":"InvalidProtocol","ErrorMessage":"The given protocol value is invalid. '
           'Supported values are Rest,ActiveSync,Ews,AutodiscoverV1"}')
open(os.path.join(run, "mobile", "mobilesync.xml"), "w").write(xml)
for proto, text in v2.items():
    open(os.path.join(run, "mobile", f"v2-{proto}.json"), "w").write(text)

def q(s):  # an nginx single-quoted string; nginx has no escape for $, so none may come in
    if "$" in s:
        sys.exit(f"lab: error: an answer holds '$', which nginx would read as a variable: {s[:80]}")
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"

conf_path = os.path.join(run, "nginx.conf")
conf = open(conf_path).read()
htpasswd = re.search(r'auth_basic_user_file ([^;]+);', conf)
htpasswd = htpasswd.group(1) if htpasswd else None
locations = f"""
    # adplan lab, issue 12 (tools/lab/lab_mobile.sh): what phones and Teams ask.
    location @adplan_mobilesync_response {{
        default_type "text/xml; charset=utf-8";
        return 200 {q(xml)};
    }}
    location ~* ^/Microsoft-Server-ActiveSync$ {{
        {"auth_basic " + q("ActiveSync") + ";" if htpasswd else ""}
        {"auth_basic_user_file " + htpasswd + ";" if htpasswd else ""}
        try_files /.adplan-no-such-file @adplan_activesync;
    }}
    location @adplan_activesync {{
        add_header X-MS-Location $adplan_451 always;
        add_header MS-Server-ActiveSync "15.20" always;
        add_header MS-ASProtocolVersions "2.5,12.0,12.1,14.0,14.1,16.0,16.1" always;
        add_header MS-ASProtocolCommands "Sync,SendMail,SmartForward,SmartReply,GetAttachment,FolderSync,FolderCreate,FolderDelete,FolderUpdate,MoveItems,GetItemEstimate,MeetingResponse,Search,Settings,Ping,ItemOperations,Provision,ResolveRecipients,ValidateCert" always;
        add_header Allow "OPTIONS,POST" always;
        if ($adplan_451) {{
            return 451;
        }}
        return 200;
    }}
    location ~* ^/autodiscover/autodiscover\\.json(/.*)?$ {{
        default_type "application/json; charset=utf-8";
        if ($adplan_v2_answer = "") {{
            return 400 {q(invalid)};
        }}
        return 200 $adplan_v2_answer;
    }}
"""
out = []
for block in re.split(r"(?=\nserver \{)", conf):
    if "adplan-lab: exchange-online-standin" in block:
        pass  # tools/lab/outlook.sh's Exchange Online stand-in answers v2 its own way
    elif "ssl_certificate " in block and "@autodiscover_response" in block:
        # Outlook's answer stays where it was, under another name; the router picks by schema.
        block = block.replace("location @autodiscover_response {", "location @adplan_outlook_response {")
        block = block.replace("\n    location / {", "\n    location @autodiscover_response {\n"
                              "        client_body_in_single_buffer on;\n"
                              f"        proxy_pass http://{router};\n"
                              "        proxy_set_header X-Adplan-Route $adplan_schema;\n"
                              "    }\n" + locations + "\n    location / {", 1)
    elif "ssl_certificate " in block:
        block = block.replace("\n    location / {", locations + "\n    location / {", 1)
    out.append(block)
conf = "".join(out).rstrip()
assert conf.endswith("}"), "nginx.conf does not end with the http block"
v2map = "\n".join(f'        "~*^{p}$" {q(t)};' for p, t in sorted(v2.items()))
conf = conf[:-1] + f"""
    # adplan lab, issue 12: the schema of the Autodiscover POST, read from its body, and the router
    # that sends it to Outlook's or the mobilesync answer (X-Accel-Redirect to a named location).
    map $request_body $adplan_schema {{
        "~mobilesync/requestschema/2006" mobilesync;
        default outlook;
    }}
    map $arg_protocol $adplan_v2_answer {{
{v2map}
        default "";
    }}
    map $host $adplan_451 {{
        default "";
    }}
    server {{
        listen "{router}";
        location / {{
            add_header X-Accel-Redirect "@adplan_${{http_x_adplan_route}}_response";
            return 200 "";
        }}
    }}
}}
"""
open(conf_path, "w").write(conf)
PY
}

# mobile_fault FAULT: applies one of mobile_faults to $DIR/run/nginx.conf; status 1 when unknown.
mobile_fault() {
  local conf=$DIR/run/nginx.conf d
  d=$(domain)
  case $1 in
    mobilesync-invalid)
      sed -i "s|^\( *return 200 \)'<?xml[^']*mobilesync/responseschema[^']*';|\1'<html><body>Service unavailable</body></html>';|" "$conf" ;;
    mobilesync-outlook-only) sed -i 's|"~mobilesync/requestschema/2006" mobilesync;|"~mobilesync/requestschema/2006" outlook;|' "$conf" ;;
    mobilesync-url) sed -i "s|<Url>https://\([^/<]*\)/Microsoft-Server-ActiveSync</Url>|<Url>https://\1/eas/Microsoft-Server-ActiveSync</Url>|" "$conf" ;;
    options-no-versions) sed -i '/add_header MS-ASProtocolVersions/d' "$conf" ;;
    options-451)
      python3 - "$conf" "$d" <<'PY'
import sys
p, d = sys.argv[1:3]
s = open(p).read()
s = s.replace('map $host $adplan_451 {\n        default "";',
              f'map $host $adplan_451 {{\n        "~*^mail\\.{d.replace(".", "[.]")}$" "https://autodiscover.{d}/Microsoft-Server-ActiveSync";\n        default "";')
open(p, "w").write(s)
PY
      ;;
    v2-url) sed -i "s|\"Url\":\"https://\([^/\"]*\)/EWS/Exchange.asmx\"|\"Url\":\"https://cas01.$d/EWS/Exchange.asmx\"|" "$conf" ;;
    v2-invalid) sed -i 's|{"Protocol":"ActiveSync","Url":"[^"]*"}|{"Protocol":1,"Url":null}|' "$conf" ;;
    v2-missing) sed -i 's|^\( *\)if ($adplan_v2_answer = "") {|\1return 404;\n&|' "$conf" ;;
    # Issue 22: answers that differ from the plan but work for clients (a warning, not an error).
    mobilesync-drift)
      sed -i "s|<Url>https://[^/<]*/Microsoft-Server-ActiveSync</Url>|<Url>https://autodiscover.$d/Microsoft-Server-ActiveSync</Url>|" "$conf" ;;
    v2-drift) sed -i "s|\"Url\":\"https://\([^/\"]*\)/EWS/Exchange.asmx\"|\"Url\":\"https://autodiscover.$d/EWS/Exchange.asmx\"|" "$conf" ;;
    *) return 1 ;;
  esac
}
