-- sme_in_two_markets.lua: an SME wins a large firm's trust through dialogue,
-- against a rival, and the large firm's trust helps it sell to consumers who
-- talk on a network.
--
-- Models: two SMEs, "us" and a rival, month by month for three years, in two
-- markets at once.
--   * Business: both court one large firm (rm.partnerships) that keeps a single
--     supplier past the first contacts: it drops the one it trusts and values
--     less. Trust comes from dialogue (two-way and fast on our side, one-way
--     broadcast on the rival's), from deliveries that succeed or fail (the
--     delivery risk falls with capability) and from the game each side plays.
--     The rival is cheaper; we add value (customisation, service).
--   * Consumers: the same two SMEs sell to people on a network of two
--     communities (rm.market on rm.network): a logit choice held by switching
--     costs and loyalty, with recommendations and warnings between friends.
--     Being the large firm's supplier is a reference consumers see: the
--     supplier's brand rises with the large firm's commitment to it
--     (`endorsement`), and word of mouth carries it on.
--
-- Facts (docs/cases.md) it combines:
--   * Newman and PetroChina (case 000): an SME wins a giant through capability
--     that fills the client's gap and many channels of contact; commitment
--     follows a series of successful projects; the relationship is unequal;
--     a bond of price alone is risky when a rival comes.
--   * Supplier dialogue (case 003): one-way talk does not build long-term
--     relationships, two-way dialogue does; replies must be fast; public
--     dialogue is a free reference.
--   * Xiaomi (case 002): consumers who talk on a network, in communities
--     (city tiers) where rivals can be strong; Heshi (case 001): clients bring
--     clients by word of mouth.
--   * Sony and Dell (case 004): two firms that compete in one market and
--     meet again in another.
-- Assumptions (not in any case): all the numbers. One large firm that keeps
-- one supplier; two SMEs of equal capability (0.6), the rival 10% cheaper and
-- with one-way talk; 2 x 2 000 consumers, each firm first in one community;
-- the size of the endorsement and of word of mouth; the rival's consumer
-- price cut in month 24 (like Sony's subsidy, a move in one market while the
-- other goes on).
--
-- Variants: baseline; closed (our talk one-way too); slow_replies (72 hours);
-- quiet_network (consumers do not talk); rival_talks (the rival opens a
-- two-way dialogue as well).
--
--   rmsim run scenarios/sme_in_two_markets.lua --out out/two_markets
--   rmsim sweep scenarios/sme_in_two_markets.lua --metric consumer_share
local rm = require "rmsim"

rm.scenario {
  name = "sme_in_two_markets",
  description = "An SME courts a large firm by dialogue against a rival, and sells to consumers on a network",
  periods = 36,
  replicates = 20,
  start = "2011-01",
  period = "month",
  headline = "consumer_share",
  params = {
    openness = { 0.9, min = 0, max = 1, doc = "our dialogue: two-way (1) or one-way broadcast (0)" },
    response_hours = { 4.0, min = 0, doc = "how long our replies take" },
    rival_openness = { 0.1, min = 0, max = 1, doc = "the rival's dialogue (assumption: mostly broadcast)" },
    rival_price = { 0.9, min = 0.1, doc = "the rival's price to the large firm (ours is 1; assumption)" },
    consumers = { 2000, min = 50, max = 200000, doc = "consumers per community (2 communities)" },
    friends = { 10.0, min = 1, doc = "mean friends per consumer" },
    endorsement = { 1.0, min = 0, doc = "consumer brand from the large firm's commitment (0: unseen)" },
    wom = { 0.3, min = 0, doc = "utility of each recommending friend (0: consumers do not talk)" },
    price_cut = { 0.15, min = 0, max = 0.9, doc = "the rival's consumer price cut in month 24" },
    -- the partnership model's own switches, for ablations (docs/lua-api.md)
    two_way = { 0.8, min = 0, max = 1, doc = "one-way talk's shortfall against dialogue (0: none)" },
    risk = { 0.2, min = 0, max = 1, doc = "delivery risk from missing capability" },
  },
  variants = {
    { name = "baseline" },
    { name = "closed", params = { openness = 0 } },
    { name = "slow_replies", params = { response_hours = 72 } },
    { name = "quiet_network", params = { wom = 0 } },
    { name = "rival_talks", params = { rival_openness = 0.9 } },
  },
  events = {
    { t = 0, label = "both SMEs court the large firm" },
    { t = 24, label = "the rival cuts its consumer price" },
  },
  charts = {
    { title = "The large firm's trust in each SME", y = "trust (0-1)",
      metrics = { "b2b.d1.trust", "b2b.d2.trust" }, labels = { "us", "rival" },
      note = "Both start unknown. Two-way, fast dialogue builds our trust faster than the " ..
             "rival's broadcast, so the large firm, which keeps one supplier, usually drops " ..
             "the rival once both are past first contact (its line ends). With closed " ..
             "(our talk one-way too) the race is open and the cheaper rival often wins." },
    { title = "The large firm's commitment to each SME: what consumers see",
      y = "commitment (0-1)", metrics = { "b2b.d1.commitment", "b2b.d2.commitment" },
      labels = { "us", "rival" },
      note = "Commitment grows after deliveries that succeed, over many months. It is the " ..
             "reference consumers see (the endorsement): the winner's consumer brand " ..
             "rises with it. A dropped SME's line ends." },
    { title = "Consumers' share of each SME", y = "share of consumers",
      metrics = { "consumers.us.share", "consumers.rival.share" }, labels = { "us", "rival" },
      note = "The large firm's commitment is a reference consumers see, and friends pass it " ..
             "on: the SME that wins the large firm gains consumers too. The rival's price " ..
             "cut in month 24 wins some back. Try quiet_network (no word of mouth)." },
    { title = "Our consumers, and who talks about us", y = "consumers",
      metrics = { "consumers.us.customers", "consumers.us.recommenders", "consumers.us.warners" },
      labels = { "customers", "recommending", "warning" },
      note = "Satisfied customers recommend to their friends, leavers below the " ..
             "satisfaction threshold warn them. Nine friendships in ten are within a " ..
             "community, so what is said stays mostly there." },
  },
}

local ties, market
local US, RIVAL = 1, 2

function setup(sim)
  local p = sim.params
  ties = rm.partnerships {
    name = "b2b",
    two_way = p.two_way,
    risk = p.risk,
    dialogue_gain = 0.06,
    smes = {
      { capability = 0.6, reputation = 0.3, dialogue = 0.8, openness = p.openness,
        response_hours = p.response_hours, transparency = 0.7, public = 0.4, price = 1,
        added_value = 0.3, strategy = "tit_for_tat", relationships = 1, resources = 10 },
      { capability = 0.6, reputation = 0.3, dialogue = 0.8, openness = p.rival_openness,
        response_hours = 24, transparency = 0.4, public = 0.4, price = p.rival_price,
        added_value = 0, strategy = "tit_for_tat", relationships = 1, resources = 10 },
    },
    large = { strategy = "generous_tit_for_tat", suppliers = 1, revenue = 50, adaptation = 0.1,
              payment_terms = 2 },
  }
  assert(ties:dyad(1).sme == US and ties:dyad(2).sme == RIVAL)   -- d1 is ours in the charts
  local n = p.consumers
  local net = rm.network { model = "sbm", blocks = { n, n },
                           p_in = math.min(1, p.friends * 0.9 / n),
                           p_out = math.min(1, p.friends * 0.1 / n) }
  market = rm.market {
    name = "consumers",
    network = net,
    wom = p.wom, warn = 2 * p.wom,
    switching = true,
    firms = {
      { name = "us", share = 0.05, price = 1, unit_cost = 0.6, quality = 0.8, brand = 0 },
      { name = "rival", share = 0.05, price = 0.95, unit_cost = 0.6, quality = 0.75, brand = 0 },
    },
    segments = {
      { name = "city", community = 1, price_sensitivity = 2, switching_cost = 0.5,
        inertia = 0.5, outside = -1, cycle = 6 },
      { name = "province", community = 2, price_sensitivity = 3, switching_cost = 0.5,
        inertia = 0.5, outside = -1, cycle = 6 },
    },
  }
end

-- the large firm's commitment to an SME (0 when it has no live tie)
local function commitment(sme)
  for i = 1, 2 do
    local d = ties:dyad(i)
    if d and d.sme == sme then
      return d.stage == "dissolved" and 0 or d.commitment
    end
  end
  return 0
end

function period(sim, t)
  local p = sim.params
  market:set("us", { brand = p.endorsement * commitment(US) })
  market:set("rival", { brand = p.endorsement * commitment(RIVAL) })
  if t == 24 then market:set("rival", { price = 0.95 * (1 - p.price_cut) }) end
end

function done(sim)
  local last = sim.periods - 1
  local months = 0
  for t = 0, last do
    if sim:get("b2b.d1.stage", t) == 2 or sim:get("b2b.d1.stage", t) == 3 then months = months + 1 end
  end
  sim:result("consumer_share", sim:get("consumers.us.share", last))
  sim:result("buyer_months", months)   -- months we supply the large firm (expansion, commitment)
  sim:result("won_buyer", ties:dyad(1).stage ~= "dissolved" and 1 or 0)
  sim:result("rival_share", sim:get("consumers.rival.share", last))
  local margin = 0
  for t = 0, last do margin = margin + sim:get("consumers.us.margin", t) end
  sim:result("consumer_margin", margin)
  sim:result("b2b_profit", ties:dyad(1).profit_sme)
end
