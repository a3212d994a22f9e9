// One published server and one Chromium at a time: on a two-core machine, journeys run side by side starve each
// other (Blazor's start-up is CPU-bound) and time out for reasons that have nothing to do with the product.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
