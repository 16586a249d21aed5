using HubWatch.DemoHub.Files;
using HubWatch.DemoHub.Models;

namespace HubWatch.DemoHub.Tests.Weights;

/// <summary>
/// The demo's GPTQ does what GPTQ is for: on the layer's (synthetic) input statistics its codes leave a smaller output
/// error eᵀ·H·e than the nearest levels do, at the price of a larger weight error — the shape of a real GPTQ copy.
/// </summary>
public class GptqSolverTests
{
    [Fact]
    public void Error_feedback_trades_weight_error_for_a_smaller_output_error_than_nearest_rounding()
    {
        var spec = new TensorSpec("model.layers.1.mlp.down_proj.weight", [8, 384], TensorRole.MlpDown, 1);
        var h = GptqSolver.Hessian(spec);
        var random = new Random(11);
        var (outputGptq, outputNearest, weightGptq, weightNearest) = (0.0, 0.0, 0.0, 0.0);
        for (var row = 0; row < 8; row++)
        {
            var w = Enumerable.Range(0, 384).Select(_ => (float)(0.02 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();
            var (codes, scales, _) = GptqSolver.Round(spec, w, 128);
            var gptq = w.Select((v, i) => v - (scales[i / 128] * (codes[i] - 8.0))).ToArray();
            var nearest = w.Select((v, i) => v - (scales[i / 128] * Math.Clamp(Math.Round(v / scales[i / 128]), -8, 7))).ToArray();
            (outputGptq, outputNearest) = (outputGptq + Quadratic(h, gptq), outputNearest + Quadratic(h, nearest));
            (weightGptq, weightNearest) = (weightGptq + gptq.Sum(e => e * e), weightNearest + nearest.Sum(e => e * e));
        }

        Assert.True(outputGptq < 0.8 * outputNearest, $"output error {outputGptq:G3} vs nearest {outputNearest:G3}");
        Assert.InRange(weightGptq / weightNearest, 1.05, 3.0);
    }

    private static double Quadratic(double[,] h, double[] e)
    {
        var sum = 0.0;
        for (var i = 0; i < e.Length; i++)
        {
            for (var j = 0; j < e.Length; j++)
                sum += e[i] * h[i, j] * e[j];
        }
        return sum;
    }
}
