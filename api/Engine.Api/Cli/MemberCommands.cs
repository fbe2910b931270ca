using System.CommandLine;
using Engine.Api.Cli.Client;
using Engine.Api.Cli.Output;
using Engine.Protocol;

namespace Engine.Api.Cli;

/// <summary>etcdctl's <c>member add|list|promote|remove|update</c> (etcdctl/ctlv3/command/member_command.go): ids in hex, add prints the ETCD_* lines a new member starts with.</summary>
public static class MemberCommands
{
    public static Command Build()
    {
        var member = new Command("member", "Membership related commands");
        member.Subcommands.Add(Add());
        member.Subcommands.Add(List());
        member.Subcommands.Add(Promote());
        member.Subcommands.Add(Remove());
        member.Subcommands.Add(Update());
        return member;
    }

    private static Command List()
    {
        var command = new Command("list", "Lists all members in the cluster");
        ClientContext.Wire(command, "", async (ctx, args, parse, cancel) =>
        {
            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            Outcome<MemberListResponse> answer = await ctx.CallAsync<MemberListRequest, MemberListResponse>("/v3/cluster/member/list", new MemberListRequest { Linearizable = true }, cancel);
            return answer.Error is { } error ? ctx.Fail(error) : ctx.Print.MemberList(answer.Value!);
        });
        return command;
    }

    private static Command Add()
    {
        var peerUrls = new Option<string>("--peer-urls") { Description = "comma separated peer URLs for the new member.", DefaultValueFactory = _ => "" };
        var learner = new Option<bool>("--learner") { Description = "indicates if the new member is raft learner" };
        var command = new Command("add", "Adds a member into the cluster") { peerUrls, learner };
        ClientContext.Wire(command, "<memberName> [options]", async (ctx, args, parse, cancel) =>
        {
            if (args.Length < 1)
            {
                return ctx.BadArgs("member name not provided");
            }

            if (args.Length > 1)
            {
                string hints = string.Concat(args.Where(a => a.StartsWith("http", StringComparison.OrdinalIgnoreCase)).Select(a => $", did you mean --peer-urls={a}"));
                return ctx.BadArgs("too many arguments" + hints);
            }

            string urls = parse.GetValue(peerUrls)!;
            if (urls.Length == 0)
            {
                return ctx.BadArgs("member peer urls not provided");
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            var request = new MemberAddRequest { PeerURLs = [.. urls.Split(',')], IsLearner = parse.GetValue(learner) };
            Outcome<MemberAddResponse> answer = await ctx.CallAsync<MemberAddRequest, MemberAddResponse>("/v3/cluster/member/add", request, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error);
            }

            MemberAddResponse added = answer.Value!;
            ulong id = added.Member?.ID ?? 0;
            int printed = ctx.WriteOut == "simple"
                ? Line(ctx, $"Member {Text.Hex(id),16} added to cluster {Text.Hex(added.Header?.ClusterId ?? 0),16}")
                : ctx.Print.MemberChange("added to", id, added.Header, GoJson.MemberAdd(added));
            if (ctx.WriteOut == "simple")
            {
                var cluster = (added.Members ?? []).SelectMany(m => (m.PeerURLs ?? []).Select(u => $"{(m.ID == id ? args[0] : m.Name)}={u}"));
                ctx.Out.WriteLine();
                ctx.Out.WriteLine($"ETCD_NAME={Printer.GoQuote(args[0])}");
                ctx.Out.WriteLine($"ETCD_INITIAL_CLUSTER={Printer.GoQuote(string.Join(",", cluster))}");
                ctx.Out.WriteLine($"ETCD_INITIAL_ADVERTISE_PEER_URLS={Printer.GoQuote(urls)}");
                ctx.Out.WriteLine("ETCD_INITIAL_CLUSTER_STATE=\"existing\"");
            }

            return printed;
        });
        return command;
    }

    private static Command Remove() => ById("remove", "Removes a member from the cluster", "<memberID>", null, async (ctx, id, urls, cancel) =>
    {
        Outcome<MemberRemoveResponse> answer = await ctx.CallAsync<MemberRemoveRequest, MemberRemoveResponse>("/v3/cluster/member/remove", new MemberRemoveRequest { ID = id }, cancel);
        return answer.Error is { } error ? ctx.Fail(error)
            : ctx.Print.MemberChange("removed from", id, answer.Value!.Header, GoJson.MembersOnly(answer.Value.Header, answer.Value.Members));
    });

    private static Command Promote() => ById("promote", "Promotes a non-voting member in the cluster", "<memberID>", null, async (ctx, id, urls, cancel) =>
    {
        Outcome<MemberPromoteResponse> answer = await ctx.CallAsync<MemberPromoteRequest, MemberPromoteResponse>("/v3/cluster/member/promote", new MemberPromoteRequest { ID = id }, cancel);
        return answer.Error is { } error ? ctx.Fail(error)
            : ctx.Print.MemberChange("promoted in", id, answer.Value!.Header, GoJson.MembersOnly(answer.Value.Header, answer.Value.Members));
    });

    private static Command Update()
    {
        var peerUrls = new Option<string>("--peer-urls") { Description = "comma separated peer URLs for the updated member.", DefaultValueFactory = _ => "" };
        return ById("update", "Updates a member in the cluster", "<memberID> [options]", peerUrls, async (ctx, id, urls, cancel) =>
        {
            var request = new MemberUpdateRequest { ID = id, PeerURLs = [.. urls!.Split(',')] };
            Outcome<MemberUpdateResponse> answer = await ctx.CallAsync<MemberUpdateRequest, MemberUpdateResponse>("/v3/cluster/member/update", request, cancel);
            return answer.Error is { } error ? ctx.Fail(error)
                : ctx.Print.MemberChange("updated in", id, answer.Value!.Header, GoJson.MembersOnly(answer.Value.Header, answer.Value.Members));
        });
    }

    private static Command ById(string name, string help, string use, Option<string>? peerUrls, Func<ClientContext, ulong, string?, CancellationToken, Task<int>> action)
    {
        var command = new Command(name, help);
        if (peerUrls is not null)
        {
            command.Options.Add(peerUrls);
        }

        ClientContext.Wire(command, use, async (ctx, args, parse, cancel) =>
        {
            if (args.Length != 1)
            {
                return ctx.BadArgs("member ID is not provided");
            }

            if (!ulong.TryParse(args[0], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out ulong id))
            {
                return ctx.BadArgs($"bad member ID arg (strconv.ParseUint: parsing \"{args[0]}\": invalid syntax), expecting ID in Hex");
            }

            string? urls = peerUrls is null ? null : parse.GetValue(peerUrls);
            if (peerUrls is not null && string.IsNullOrEmpty(urls))
            {
                return ctx.BadArgs("member peer urls not provided");
            }

            return ctx.CheckClient() is { } bad ? bad : await action(ctx, id, urls, cancel);
        });
        return command;
    }

    private static int Line(ClientContext ctx, string text)
    {
        ctx.Out.WriteLine(text);
        return CtlExit.Success;
    }
}
