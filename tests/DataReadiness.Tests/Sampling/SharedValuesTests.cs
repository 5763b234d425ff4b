using DataReadiness.Sampling;
using DataReadiness.Text;

namespace DataReadiness.Tests.Sampling;

public class SharedValuesTests
{
    [Fact]
    public void A_repeated_value_is_one_string_per_column_up_to_the_cap()
    {
        var shared = new SharedValues(2);
        var first = shared.Get(0, "EA".AsSpan());
        Assert.Same(first, shared.Get(0, "EA".AsSpan()));
        Assert.Same(first, shared.Get(0, new string("EA")));
        Assert.NotSame(first, shared.Get(1, "EA".AsSpan()));

        for (int i = 0; i < SharedValues.PerColumn; i++) shared.Get(1, $"v{i}");
        var beyond = new string("beyond");
        Assert.Same(beyond, shared.Get(1, beyond));
        Assert.NotSame(shared.Get(1, "beyond".AsSpan()), shared.Get(1, "beyond".AsSpan()));
        Assert.Equal("beyond", shared.Get(1, "beyond".AsSpan()));
    }
}
