-- report.lua plus a fixed pause before each request, to hold the offered load
-- near a chosen rate (wrk has no constant-rate mode; wrk2 is not packaged).
--
-- Usage: wrk ... -s bench/wrk/paced.lua URL -- PAUSE_MS
-- Each connection waits PAUSE_MS after a response before its next request, so
-- with C connections and a service time S the rate is about C / (PAUSE + S).

local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "report.lua")

local pause_ms = 0

init = function(args)
  pause_ms = tonumber(args[1]) or 0
end

delay = function()
  return pause_ms
end
