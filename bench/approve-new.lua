-- POST …/approve on a different funded milestone each time (ids from IDS_FILE), so every request creates an approval.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local token = os.getenv("TOKEN")
local threads = tonumber(os.getenv("THREADS"))
local next_thread = 0
function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
end
local counter = 0
function request()
  counter = counter + 1
  local i = ((counter * threads + tid) % #ids) + 1
  return wrk.format("POST", "/api/public/v1/milestones/" .. ids[i] .. "/approve", { ["Authorization"] = "Bearer " .. token })
end
