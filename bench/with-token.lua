-- The same request every time (METHOD and PATH from the environment), with the agent's bearer token.
local token = os.getenv("TOKEN")
local method = os.getenv("METHOD")
local path = os.getenv("PATH_AND_QUERY")
function request()
  return wrk.format(method, path, { ["Authorization"] = "Bearer " .. token })
end
