import cProfile, pstats, random, time
from bench.common import django_setup

django_setup("postgres://postgres@127.0.0.1:5432/tandem_bench")
from bench.intake import Intake, ProbeMaker

rng = random.Random(11)
maker = ProbeMaker(rng, 400)
intake = Intake(rng)
for _ in range(40):
    intake.post(maker.make())
pr = cProfile.Profile(time.process_time)
pr.enable()
for _ in range(150):
    intake.post(maker.make())
pr.disable()
st = pstats.Stats(pr)
st.sort_stats("cumulative").print_stats("tandem", 40)
